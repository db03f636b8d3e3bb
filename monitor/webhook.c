/* webhook: libcurl's multi-socket API driven by the daemon's loop: curl tells us which fds to
 * watch and when to wake up (socket and timer callbacks); the loop tells curl what is ready.
 * Nothing here blocks; DNS resolution uses curl's threaded resolver. */
#include "config.h"

#include <curl/curl.h>
#include <nettle/base64.h>
#include <nettle/hmac.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/webhook.h"

struct request {
	struct webhook *w;
	CURL *easy;
	struct curl_slist *headers;
	char *body;
	char response[WEBHOOK_RESPONSE_MAX + 1];
	size_t rlen;
	char errbuf[CURL_ERROR_SIZE];
	webhook_done_fn done;
	void *arg;
	struct request *next;
};

struct webhook {
	struct loop *loop;
	CURLM *multi;
	struct loop_timer timer;
	struct request *reqs;
	size_t n;
	int *fds; /* registered with the loop, to drop whatever curl leaves behind */
	size_t nfds;
};

static void fd_track(struct webhook *w, int fd, bool add)
{
	for (size_t i = 0; i < w->nfds; i++)
		if (w->fds[i] == fd) {
			if (!add)
				w->fds[i] = w->fds[--w->nfds];
			return;
		}
	if (add) {
		w->fds = xreallocarray(w->fds, w->nfds + 1, sizeof(*w->fds));
		w->fds[w->nfds++] = fd;
	}
}

int webhook_sign(const char *secret, const char *msg_id, int64_t timestamp, const char *body,
                 char *buf, size_t len)
{
	struct hmac_sha256_ctx ctx;
	uint8_t key[256], digest[SHA256_DIGEST_SIZE];
	size_t klen;
	char ts[24];

	if (len < 4 + BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1)
		return -1;
	if (strncmp(secret, "whsec_", 6) == 0) {
		struct base64_decode_ctx b64;
		const char *enc = secret + 6;

		if (BASE64_DECODE_LENGTH(strlen(enc)) > sizeof(key))
			return -1;
		base64_decode_init(&b64);
		klen = sizeof(key);
		if (!base64_decode_update(&b64, &klen, key, strlen(enc), enc) ||
		    !base64_decode_final(&b64))
			return -1;
	} else {
		klen = strlen(secret);
		if (klen > sizeof(key))
			return -1;
		memcpy(key, secret, klen);
	}
	snprintf(ts, sizeof(ts), "%lld", (long long)timestamp);
	hmac_sha256_set_key(&ctx, klen, key);
	hmac_sha256_update(&ctx, strlen(msg_id), (const uint8_t *)msg_id);
	hmac_sha256_update(&ctx, 1, (const uint8_t *)".");
	hmac_sha256_update(&ctx, strlen(ts), (const uint8_t *)ts);
	hmac_sha256_update(&ctx, 1, (const uint8_t *)".");
	hmac_sha256_update(&ctx, strlen(body), (const uint8_t *)body);
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
	memcpy(buf, "v1,", 3);
	base64_encode_raw(buf + 3, SHA256_DIGEST_SIZE, digest);
	buf[3 + BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE)] = '\0';
	return 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct request *r = userdata;
	size_t n = size * nmemb, room = WEBHOOK_RESPONSE_MAX - r->rlen;

	/* keep the start of the answer, drop the rest without failing the transfer */
	memcpy(r->response + r->rlen, ptr, n < room ? n : room);
	r->rlen += n < room ? n : room;
	r->response[r->rlen] = '\0';
	return n;
}

static void request_free(struct request *r)
{
	if (r == NULL)
		return;
	if (r->easy != NULL) {
		curl_multi_remove_handle(r->w->multi, r->easy);
		curl_easy_cleanup(r->easy);
	}
	curl_slist_free_all(r->headers);
	free(r->body);
	free(r);
}

static void unlink_request(struct webhook *w, struct request *r)
{
	for (struct request **p = &w->reqs; *p != NULL; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			w->n--;
			return;
		}
}

static void check_done(struct webhook *w)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(w->multi, &left)) != NULL) {
		struct request *r = NULL;
		struct webhook_result res = { 0 };

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		if (m->data.result == CURLE_OK) {
			curl_off_t ra = 0;

			curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &res.status);
			if (curl_easy_getinfo(r->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
			    ra > 0)
				res.retry_after = (double)ra;
		} else {
			res.error = r->errbuf[0] ? r->errbuf : curl_easy_strerror(m->data.result);
		}
		res.body = r->response;
		unlink_request(w, r);
		r->done(r->arg, &res);
		request_free(r);
	}
}

static void on_fd(int fd, short revents, void *arg)
{
	struct webhook *w = arg;
	int flags = 0, running;

	if (revents & POLLIN)
		flags |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		flags |= CURL_CSELECT_OUT;
	if (revents & (POLLERR | POLLHUP | POLLNVAL))
		flags |= CURL_CSELECT_ERR;
	curl_multi_socket_action(w->multi, fd, flags, &running);
	check_done(w);
}

static void on_timer(void *arg)
{
	struct webhook *w = arg;
	int running;

	curl_multi_socket_action(w->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(w);
}

static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct webhook *w = userp;
	short events = 0;

	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		loop_fd_del(w->loop, fd);
		fd_track(w, fd, false);
		return 0;
	}
	fd_track(w, fd, true);
	if (what & CURL_POLL_IN)
		events |= POLLIN;
	if (what & CURL_POLL_OUT)
		events |= POLLOUT;
	return loop_fd_add(w->loop, fd, events, on_fd, w) < 0 ? -1 : 0;
}

static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct webhook *w = userp;

	(void)multi;
	if (timeout_ms < 0)
		loop_timer_stop(w->loop, &w->timer);
	else
		loop_timer_after(w->loop, &w->timer, (double)timeout_ms / 1000.0);
	return 0;
}

struct webhook *webhook_new(struct loop *loop)
{
	struct webhook *w = xcalloc(1, sizeof(*w));

	/* idempotent after the first call; the daemon is single-threaded here */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	w->loop = loop;
	w->multi = curl_multi_init();
	if (w->multi == NULL)
		fatalx("webhook: curl_multi_init failed");
	loop_timer_init(&w->timer, on_timer, w);
	curl_multi_setopt(w->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(w->multi, CURLMOPT_SOCKETDATA, w);
	curl_multi_setopt(w->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(w->multi, CURLMOPT_TIMERDATA, w);
	return w;
}

void webhook_free(struct webhook *w)
{
	if (w == NULL)
		return;
	while (w->reqs != NULL) {
		struct request *r = w->reqs;

		w->reqs = r->next;
		request_free(r);
	}
	/* curl may still call back while it closes cached connections: silence it first */
	curl_multi_setopt(w->multi, CURLMOPT_SOCKETFUNCTION, NULL);
	curl_multi_setopt(w->multi, CURLMOPT_TIMERFUNCTION, NULL);
	curl_multi_cleanup(w->multi);
	loop_timer_stop(w->loop, &w->timer);
	for (size_t i = 0; i < w->nfds; i++)
		loop_fd_del(w->loop, w->fds[i]);
	free(w->fds);
	free(w);
}

size_t webhook_in_flight(const struct webhook *w)
{
	return w->n;
}

static struct curl_slist *add_header(struct curl_slist *l, const char *name, const char *value)
{
	char *h = xasprintf("%s: %s", name, value);
	struct curl_slist *n = curl_slist_append(l, h);

	free(h);
	if (n == NULL)
		fatalx("webhook: out of memory");
	return n;
}

int webhook_post(struct webhook *w, const char *url, const char *secret, const char *msg_id,
                 int64_t now, const char *body, double timeout, webhook_done_fn done, void *arg)
{
	struct request *r = xcalloc(1, sizeof(*r));
	char ts[24], sig[128];

	r->w = w;
	r->done = done;
	r->arg = arg;
	r->body = xstrdup(body);
	snprintf(ts, sizeof(ts), "%lld", (long long)now);
	r->headers = add_header(NULL, "Content-Type", "application/json");
	r->headers = add_header(r->headers, "webhook-id", msg_id);
	r->headers = add_header(r->headers, "webhook-timestamp", ts);
	if (secret != NULL && secret[0] != '\0') {
		if (webhook_sign(secret, msg_id, now, body, sig, sizeof(sig)) < 0) {
			log_warnx("webhook: the signing secret is not valid whsec_ base64");
			goto fail;
		}
		r->headers = add_header(r->headers, "webhook-signature", sig);
	}
	/* no "Expect: 100-continue" round trip */
	r->headers = add_header(r->headers, "Expect", "");
	r->easy = curl_easy_init();
	if (r->easy == NULL)
		goto fail;
	curl_easy_setopt(r->easy, CURLOPT_URL, url);
	curl_easy_setopt(r->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(r->easy, CURLOPT_POSTFIELDS, r->body);
	curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(r->body));
	curl_easy_setopt(r->easy, CURLOPT_USERAGENT, "ontwatch/" PACKAGE_VERSION);
	curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(r->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(r->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r);
	if (curl_multi_add_handle(w->multi, r->easy) != CURLM_OK) {
		log_warnx("webhook: cannot start a request"); /* the URL may hold credentials */
		goto fail;
	}
	r->next = w->reqs;
	w->reqs = r;
	w->n++;
	return 0;
fail:
	if (r->easy != NULL) {
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	request_free(r);
	return -1;
}
