"""Open Referral HSDS 3.0 tabular data packages: the conventions (spec), writing one (export), reading one (importer)."""
