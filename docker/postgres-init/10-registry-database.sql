-- The schema registry keeps its storage in its own database, beside the reconciler's (postgres).
CREATE DATABASE registry;
