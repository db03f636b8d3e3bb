# The operator interface: /api/v1 against a running daemon fed by a simulated OLT.
TESTS += tests/api_contract.sh tests/api_tls.sh
EXTRA_DIST += tests/api_contract.sh tests/api_tls.sh
