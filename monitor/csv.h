/* csv: splitting one line of a comma-separated file (RFC 4180 quoting, no line breaks
 * inside fields) in place, shared by every CSV reader (customers, readings tooling). */
#ifndef OW_CSV_H
#define OW_CSV_H

/* Split `line` in place into at most `max` fields, unquoting them; f[i] point into line.
 * Returns the number of fields, or -1 for malformed quoting or more than `max` fields. */
int csv_split(char *line, char **f, int max);

#endif
