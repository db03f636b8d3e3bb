/* csv: one RFC 4180 line split in place; malformed quoting is refused, never guessed at. */
#include "config.h"

#include "monitor/csv.h"

int csv_split(char *line, char **f, int max)
{
	int n = 0;
	char *r = line, *w;

	for (;;) {
		if (n == max)
			return -1;
		f[n++] = w = r;
		if (*r == '"') {
			r++;
			for (;;) {
				if (*r == '\0')
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			if (*r != ',' && *r != '\0')
				return -1;
		} else {
			while (*r != ',' && *r != '\0') {
				if (*r == '"')
					return -1;
				*w++ = *r++;
			}
		}
		if (*r == '\0') {
			*w = '\0';
			return n;
		}
		r++;
		*w = '\0';
	}
}
