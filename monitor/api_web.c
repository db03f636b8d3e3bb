/* api_web: the dashboard's static files, read from http.dashboard at every request (an
 * upgrade or an edit shows at the next reload of the page). Only the names in web_files[] are
 * ever opened, so no request can name another file, and the answers carry a
 * Content-Security-Policy that keeps the page to its own origin. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/api_int.h"

/* the dashboard files are a few tens of KiB; anything bigger is not ours */
#define WEB_FILE_MAX (1024 * 1024)

struct web_file {
	const char *path; /* request path */
	const char *name; /* file in the dashboard directory */
	const char *type;
};

static const struct web_file web_files[] = {
	{ "/", "index.html", "text/html; charset=utf-8" },
	{ "/index.html", "index.html", "text/html; charset=utf-8" },
	{ "/app.js", "app.js", "text/javascript; charset=utf-8" },
	{ "/app.css", "app.css", "text/css; charset=utf-8" },
};

/* the page loads only its own script and style, is never framed, and (http.c adds nosniff)
 * is never taken for another type */
#define WEB_CSP                                                                                    \
	"default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "        \
	"object-src 'none'"

/* Read dir/name whole into *out (NUL-terminated). 0, or -errno. */
static int web_read(const char *dir, const char *name, char **out, size_t *len)
{
	char path[4096];
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	int fd, rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = -EISDIR;
		goto fail;
	}
	if (st.st_size > WEB_FILE_MAX) {
		rc = -EFBIG;
		goto fail;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			goto fail;
		}
		if (n == 0)
			break; /* shrank while we read: serve what is there */
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	*out = buf;
	*len = got;
	return 0;
fail:
	free(buf);
	close(fd);
	return rc;
}

/* GET /, /index.html, /app.js, /app.css (public) */
void api_web(void *ctx, const struct http_request *req, struct http_response *res)
{
	struct api *api = ctx;
	const char *dir = api->deps->conf->dispatch.http_dashboard;
	const struct web_file *f = NULL;
	char *body;
	size_t len;
	int rc;

	for (size_t i = 0; i < sizeof(web_files) / sizeof(web_files[0]); i++)
		if (strcmp(req->path, web_files[i].path) == 0)
			f = &web_files[i];
	if (f == NULL) { /* only routed paths get here */
		api_fail(res, 404, "not found");
		return;
	}
	if (dir == NULL || *dir == '\0')
		dir = PKGDATADIR "/web";
	rc = web_read(dir, f->name, &body, &len);
	if (rc < 0) {
		/* once, not at every reload of the page; the path only in the log, as anyone
		 * may ask for these files */
		if (!api->web_warned)
			log_warnx("api: dashboard not available: %s/%s: %s (see http.dashboard)",
			          dir, f->name, strerror(-rc));
		api->web_warned = true;
		api_fail(res, 404,
		         "the dashboard's files are not installed here (http.dashboard; the "
		         "daemon's log names the file)");
		return;
	}
	api->web_warned = false;
	res->status = 200;
	res->body = body;
	res->body_len = len;
	res->content_type = f->type;
	http_header(res, "Cache-Control", "no-cache");
	http_header(res, "Content-Security-Policy", WEB_CSP);
	http_header(res, "Referrer-Policy", "no-referrer");
}
