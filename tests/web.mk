# Dashboard tests: the static files as the daemon serves them (curl), and the page in
# headless Chromium (playwright-core from tests/web/node_modules, installed by quickstart.sh;
# node_modules is never distributed, so the browser test skips under distcheck).
TESTS += tests/web_serve.sh tests/web_dashboard.sh
EXTRA_DIST += tests/web_serve.sh tests/web_dashboard.sh tests/web/dashboard.mjs \
	tests/web/degrade.py tests/web/package.json tests/web/package-lock.json

# screenshots of the browser test
clean-local: clean-web-artefacts
clean-web-artefacts:
	rm -rf tests/web-artefacts
.PHONY: clean-web-artefacts
