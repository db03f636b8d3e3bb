# tests/load.mk: GET /api/v1/onts paging (the bounded selection behind the listing).
TESTS += tests/api_paging.sh
EXTRA_DIST += tests/api_paging.sh
