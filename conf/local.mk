# conf/: the shipped, commented configuration, the systemd unit and the vendor profiles.
ontwatchconfdir = $(sysconfdir)/ontwatch
dist_ontwatchconf_DATA = conf/ontwatch.conf
# Vendor profiles are configuration an operator may edit or add to.
vendorsdir = $(sysconfdir)/ontwatch/vendors
dist_vendors_DATA = $(wildcard $(srcdir)/conf/vendors/*.conf)
EXTRA_DIST += conf/ontwatchd.service conf/demo.conf.in
