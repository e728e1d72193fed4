"""OneRoster 1.2 rostering and gradebook subset at ``/ims/oneroster`` (contract §4)."""
