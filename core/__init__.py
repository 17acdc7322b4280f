"""Taizhang's core: the product without Qt (storage, rules, ledger, export, import)."""
