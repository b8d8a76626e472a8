# bgp/attr: interned path attributes
bgp_libbgp_a_SOURCES += \
	bgp/attr.h bgp/attr_int.h bgp/attr.c bgp/attr_aspath.c bgp/attr_update.c \
	bgp/attr_export.c bgp/attr_fmt.c
