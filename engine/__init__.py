"""The aimsgraph library, one folder per role (store, law, crosswalks, org, analysis, present,
endpoint, cli) over four shared modules (models, errors, namespaces, dates) and the bootstrap."""
