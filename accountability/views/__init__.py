"""Views of the accountability ledger (`ledger`, `entries`) and the notices to schools (`notices`)."""
