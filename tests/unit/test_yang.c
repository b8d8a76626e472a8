/*
 * The YANG model (vtid/yang/vtid.yang) on its own: a table of RFC 7951
 * instances, each valid or rejected with a given message.  The messages
 * are what users read, so the table pins their wording.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libyang/libyang.h>

#include "tests/unit/check_main.h"

#ifndef VTID_YANG_FILE
#error "VTID_YANG_FILE must name vtid/yang/vtid.yang"
#endif

/* JSON in the table uses ' for " so that it stays readable. */
struct yang_case {
	const char *name;
	const char *json;
	const char *error;  /* NULL: valid; else a substring of the message */
	const char *apptag; /* NULL: not checked (libyang's own errors) */
};

/* One tunnel "aws1" with the given interface and authentication. */
#define TUNNEL_AUTH(iface, auth)                                                                   \
	"{'vtid:tunnels':{'tunnel':[{'name':'aws1','interface':'" iface                            \
	"','local':{'address':'10.16.1.254'},"                                                     \
	"'remote':{'address':'35.98.76.54'}," auth "}]}}"
#define TUNNEL_BASE                                                                                \
	"'name':'aws1','interface':'vti1',"                                                        \
	"'local':{'address':'10.16.1.254'},"                                                       \
	"'remote':{'address':'35.98.76.54'},'psk':'Secret.Key_1'"
/* One tunnel with extra members. */
#define TUNNEL(extra) TUNNEL_AUTH("vti1", "'psk':'Secret.Key_1'" extra)
#define INSIDE(l, p)  TUNNEL(",'inside':{'local':'" l "','peer':'" p "'}")
/* Two tunnels, the second with extra members. */
#define TUNNEL2(extra1, extra2)                                                                    \
	"{'vtid:tunnels':{'tunnel':[{" TUNNEL_BASE extra1 "},"                                     \
	"{'name':'aws2','interface':'vti2',"                                                       \
	"'local':{'address':'10.16.1.254'},"                                                       \
	"'remote':{'address':'54.98.76.54'},'psk':'Secret.Key_2'" extra2 "}]}}"
#define BGP(body)	"{'vtid:bgp':{'local-as':65016" body "}}"
#define NEIGHBOR(extra) BGP(",'neighbor':[{'address':'169.254.12.37','remote-as':64512" extra "}]")
#define PLIST(entry)                                                                               \
	"{'vtid:prefix-lists':{'prefix-list':[{'name':'vpc','entry':[{"                            \
	"'seq':10,'action':'permit'," entry "}]}]}}"
#define ROUTE(prefix)                                                                              \
	"{'vtid:tunnels':{'tunnel':[{" TUNNEL_BASE "}]},"                                          \
	"'vtid:routes':{'route':[{'prefix':'" prefix "','tunnel':'aws1'}]}}"
#define NETWORK(afi, net) BGP(",'address-family':[{'afi':'" afi "','network':['" net "']}]")

/* The AWS seed: two tunnels to a Transit Gateway, BGP over both. */
static const char aws_seed[] = "{'vtid:global':{'router-id':'10.16.1.254'},"
			       "'vtid:tunnels':{'tunnel':["
			       "{'name':'aws1','description':'AWS tunnel 1','interface':'vti1',"
			       " 'local':{'address':'10.16.1.254'},"
			       " 'remote':{'address':'35.98.76.54'},'psk':'Tunnel1.Secret_Key',"
			       " 'mark':100,"
			       " 'inside':{'local':'169.254.12.38/30','peer':'169.254.12.37'}},"
			       "{'name':'aws2','description':'AWS tunnel 2','interface':'vti2',"
			       " 'local':{'address':'10.16.1.254'},"
			       " 'remote':{'address':'54.98.76.54'},'psk':'Tunnel2.Secret_Key',"
			       " 'mark':200,"
			       " 'inside':{'local':'169.254.14.230/30','peer':'169.254.14.229'}}"
			       "]},"
			       "'vtid:bgp':{'local-as':65016,'neighbor':["
			       "{'address':'169.254.12.37','remote-as':64512},"
			       "{'address':'169.254.14.229','remote-as':64512}],"
			       "'address-family':[{'afi':'ipv4-unicast',"
			       " 'network':['10.16.16.0/24']}]}}";

static const struct yang_case yang_cases[] = {
	/* ---- valid configurations ---- */
	{"aws seed", aws_seed, NULL, NULL},
	{"empty", "{}", NULL, NULL},
	{"minimal tunnel", TUNNEL(""), NULL, NULL},
	{"global",
	 "{'vtid:global':{'router-id':'192.0.2.1',"
	 "'logging':{'level':'debug','syslog':true,"
	 "'debug':['ike','bgp']},'dataplane':'user'}}",
	 NULL, NULL},
	{"xfrm tunnel with if-id", TUNNEL(",'interface-type':'xfrm','if-id':7"), NULL, NULL},
	{"psk-file",
	 "{'vtid:tunnels':{'tunnel':[{'name':'t.1_x-y',"
	 "'interface':'xfrm-1','local':{'address':'2001:db8::1',"
	 "'id':'gw@example.com'},'remote':{'address':'2001:db8:1::1',"
	 "'id':'vpn.example.com'},"
	 "'psk-file':'/etc/vtid/t1.psk'}]}}",
	 NULL, NULL},
	{"every tunnel knob",
	 TUNNEL(",'description':'to AWS','ike-version':1,"
		"'ike':{'proposal':['aes256gcm16-prfsha384-ecp384',"
		"'aes128-sha256-modp2048'],'lifetime':3600},"
		"'esp':{'proposal':['aes256gcm16'],'lifetime':1800},"
		"'rekey':{'margin':900,'fuzz':0},"
		"'dpd':{'delay':1,'timeout':10,'action':'clear'},"
		"'startup-action':'add','encapsulation':'force',"
		"'replay-window':64,'mtu':1436,'mss-clamp':1379"),
	 NULL, NULL},
	{"mss-clamp off, mtu 9000", TUNNEL(",'mtu':9000,'mss-clamp':'off'"), NULL, NULL},
	{"inside .1/.2", INSIDE("169.254.6.1/30", "169.254.6.2"), NULL, NULL},
	{"inside 169.254.169.248/30", INSIDE("169.254.169.250/30", "169.254.169.249"), NULL, NULL},
	{"inside v6",
	 TUNNEL(",'inside':{'local-v6':'FD00:12::2/126',"
		"'peer-v6':'fd00:12::1'}"),
	 NULL, NULL},
	{"routes, ECMP and IPv6",
	 "{'vtid:tunnels':{'tunnel':[{" TUNNEL_BASE "},{'name':'aws2',"
	 "'interface':'vti2','local':{'address':'10.16.1.254'},"
	 "'remote':{'address':'54.98.76.54'},'psk':'Secret.Key_2'}]},"
	 "'vtid:routes':{'route':[{'prefix':'10.0.0.0/16','tunnel':'aws1'},"
	 "{'prefix':'10.0.0.0/16','tunnel':'aws2','distance':20},"
	 "{'prefix':'0.0.0.0/0','tunnel':'aws1'},"
	 "{'prefix':'192.0.2.255/32','tunnel':'aws1'},"
	 "{'prefix':'2001:db8::/32','tunnel':'aws2'}]}}",
	 NULL, NULL},
	{"prefix-list with ge/le", PLIST("'prefix':'10.0.0.0/8','ge':16,'le':24"), NULL, NULL},
	{"prefix-list ge = le = len", PLIST("'prefix':'2001:db8::/32','ge':32,'le':32"), NULL,
	 NULL},
	{"bgp neighbor everything",
	 "{'vtid:prefix-lists':{'prefix-list':[{'name':'vpc','entry':[{"
	 "'seq':5,'action':'deny','prefix':'0.0.0.0/0'}]}]},"
	 "'vtid:bgp':{'local-as':4200000000,'router-id':'10.16.1.254',"
	 "'neighbor':[{'address':'169.254.12.37','remote-as':64512,"
	 "'description':'AWS 1','timers':{'keepalive':3,'hold':9},"
	 "'passive':true,'shutdown':false,'update-source':'169.254.12.38',"
	 "'address-family':[{'afi':'ipv4-unicast','activate':true,"
	 "'maximum-prefix':100,'prefix-list-in':'vpc',"
	 "'prefix-list-out':'vpc','as-path-prepend':3}]}],"
	 "'address-family':[{'afi':'ipv6-unicast',"
	 "'network':['2001:db8:10::/48'],'maximum-paths':1}]}}",
	 NULL, NULL},
	{"bgp timers 0 0", NEIGHBOR(",'timers':{'keepalive':0,'hold':0}"), NULL, NULL},

	/* ---- tunnel basics ---- */
	{"tunnel name",
	 "{'vtid:tunnels':{'tunnel':[{'name':'-aws',"
	 "'interface':'vti1','local':{'address':'10.0.0.1'},"
	 "'remote':{'address':'10.0.0.2'},'psk':'12345678'}]}}",
	 "a tunnel name is 1..32 letters", "vtid-bad-tunnel-name"},
	{"interface name", TUNNEL_AUTH("1vti", "'psk':'Secret.Key_1'"),
	 "an interface name is 1..15 characters", "vtid-bad-interface-name"},
	{"interface name too long", TUNNEL_AUTH("vti456789012345x", "'psk':'Secret.Key_1'"),
	 "an interface name is 1..15 characters", "vtid-bad-interface-name"},
	{"interface missing",
	 "{'vtid:tunnels':{'tunnel':[{'name':'aws1',"
	 "'local':{'address':'10.16.1.254'},"
	 "'remote':{'address':'35.98.76.54'},'psk':'Secret.Key_1'}]}}",
	 "Mandatory node \"interface\"", NULL},
	{"local address missing",
	 "{'vtid:tunnels':{'tunnel':[{'name':'aws1','interface':'vti1',"
	 "'remote':{'address':'35.98.76.54'},'psk':'Secret.Key_1'}]}}",
	 "Mandatory node \"address\"", NULL},
	{"local address bad",
	 "{'vtid:tunnels':{'tunnel':[{'name':'aws1','interface':'vti1',"
	 "'local':{'address':'10.16.1.256'},"
	 "'remote':{'address':'35.98.76.54'},'psk':'Secret.Key_1'}]}}",
	 "must be an IPv4 or IPv6 address", "vtid-bad-ip-address"},
	{"remote family",
	 "{'vtid:tunnels':{'tunnel':[{'name':'aws1','interface':'vti1',"
	 "'local':{'address':'10.16.1.254'},"
	 "'remote':{'address':'2001:db8::1'},'psk':'Secret.Key_1'}]}}",
	 "remote address and local address must be of the same family",
	 "vtid-address-family-mismatch"},
	{"local id with space",
	 "{'vtid:tunnels':{'tunnel':[{'name':'aws1','interface':'vti1',"
	 "'local':{'address':'10.16.1.254','id':'my gateway'},"
	 "'remote':{'address':'35.98.76.54'},'psk':'Secret.Key_1'}]}}",
	 "an IKE identity is printable ASCII without spaces", "vtid-bad-identity"},
	{"description too long",
	 TUNNEL(",'description':'0123456789012345678901234567890123456789"
		"01234567890123456789012345678901234567890'"),
	 "a description is 1..80 characters", "vtid-bad-description"},
	{"description control char", TUNNEL(",'description':'a\\tb'"), "without control characters",
	 "vtid-bad-description"},
	{"ike proposal", TUNNEL(",'ike':{'proposal':['AES256-sha256']}"),
	 "a proposal is lowercase algorithm names", "vtid-bad-proposal"},
	{"ike-version 3", TUNNEL(",'ike-version':3"), "ike-version is 1 or 2",
	 "vtid-bad-ike-version"},

	/* ---- PSK ---- */
	{"psk missing",
	 "{'vtid:tunnels':{'tunnel':[{'name':'aws1','interface':'vti1',"
	 "'local':{'address':'10.16.1.254'},"
	 "'remote':{'address':'35.98.76.54'}}]}}",
	 "Mandatory choice \"pre-shared-key\"", "missing-choice"},
	{"psk and psk-file", TUNNEL(",'psk-file':'/etc/vtid/aws1.psk'"),
	 "Data for both cases \"psk\" and \"psk-file\" exist", NULL},
	{"psk too short", TUNNEL_AUTH("vti1", "'psk':'Short_1'"),
	 "PSK must be 8..255 characters long", "vtid-bad-psk"},
	{"psk with space", TUNNEL_AUTH("vti1", "'psk':'Secret Key 1'"),
	 "PSK must be printable ASCII characters without spaces", "vtid-bad-psk"},
	{"psk masked", TUNNEL_AUTH("vti1", "'psk':'********'"), "the secret is masked",
	 "vtid-masked-psk"},
	{"psk-file relative", TUNNEL_AUTH("vti1", "'psk-file':'aws1.psk'"),
	 "psk-file must be an absolute path", "vtid-bad-psk-file"},
	{"psk-file directory", TUNNEL_AUTH("vti1", "'psk-file':'/etc/vtid/'"),
	 "psk-file must be an absolute path", "vtid-bad-psk-file"},

	/* ---- lifetimes, rekey, dpd, ranges ---- */
	{"ike lifetime range", TUNNEL(",'ike':{'lifetime':600}"),
	 "ike lifetime is 900..86400 seconds", "vtid-bad-lifetime"},
	{"esp lifetime = ike lifetime", TUNNEL(",'ike':{'lifetime':3600},'esp':{'lifetime':3600}"),
	 "esp lifetime must be shorter than ike lifetime", "vtid-esp-lifetime-too-long"},
	{"esp default above ike", TUNNEL(",'ike':{'lifetime':1200}"),
	 "esp lifetime must be shorter than ike lifetime", "vtid-esp-lifetime-too-long"},
	{"rekey margin above half esp", TUNNEL(",'esp':{'lifetime':1000},'rekey':{'margin':501}"),
	 "rekey margin must be at most half the esp lifetime", "vtid-rekey-margin-too-long"},
	{"rekey margin half esp", TUNNEL(",'esp':{'lifetime':1000},'rekey':{'margin':500}"), NULL,
	 NULL},
	{"rekey fuzz", TUNNEL(",'rekey':{'fuzz':101}"), "rekey fuzz is 0..100 percent",
	 "vtid-bad-rekey-fuzz"},
	{"dpd timeout = delay", TUNNEL(",'dpd':{'delay':30,'timeout':30}"),
	 "dpd timeout must be longer than dpd delay", "vtid-dpd-timeout-too-short"},
	{"dpd delay above default timeout", TUNNEL(",'dpd':{'delay':60}"),
	 "dpd timeout must be longer than dpd delay", "vtid-dpd-timeout-too-short"},
	{"dpd delay 0", TUNNEL(",'dpd':{'delay':0}"), "dpd delay is 1..3600 seconds",
	 "vtid-bad-dpd-delay"},
	{"dpd timeout 5", TUNNEL(",'dpd':{'delay':1,'timeout':5}"),
	 "dpd timeout is 10..3600 seconds", "vtid-bad-dpd-timeout"},
	{"replay-window", TUNNEL(",'replay-window':32"), "replay-window is 64..4096 packets",
	 "vtid-bad-replay-window"},
	{"mtu 1000", TUNNEL(",'mtu':1000"), "mtu is auto or 1280..9000", "vtid-bad-mtu"},
	{"mtu 9001", TUNNEL(",'mtu':9001"), "mtu is auto or 1280..9000", "vtid-bad-mtu"},
	{"mss-clamp 500", TUNNEL(",'mss-clamp':500"), "mss-clamp is auto, off or 536..8960",
	 "vtid-bad-mss-clamp"},
	{"mss-clamp above mtu", TUNNEL(",'mtu':1400,'mss-clamp':1361"),
	 "mss-clamp must be at most mtu minus 40", "vtid-mss-above-mtu"},

	/* ---- marks, if-ids, interfaces ---- */
	{"mark 0", TUNNEL(",'mark':0"), "mark is 1..4294967295", "vtid-bad-mark"},
	{"mark with xfrm", TUNNEL(",'interface-type':'xfrm','mark':5"),
	 "When condition \"../interface-type = 'vti'\"", NULL},
	{"if-id with vti", TUNNEL(",'if-id':5"), "When condition \"../interface-type = 'xfrm'\"",
	 NULL},
	{"duplicate mark", TUNNEL2(",'mark':100", ",'mark':100"), "Unique data leaf(s) \"mark\"",
	 "data-not-unique"},
	{"duplicate if-id",
	 TUNNEL2(",'interface-type':'xfrm','if-id':3", ",'interface-type':'xfrm','if-id':3"),
	 "Unique data leaf(s) \"if-id\"", "data-not-unique"},
	{"duplicate interface",
	 "{'vtid:tunnels':{'tunnel':[{" TUNNEL_BASE "},"
	 "{'name':'aws2','interface':'vti1','local':{'address':'10.16.1.254'},"
	 "'remote':{'address':'54.98.76.54'},'psk':'Secret.Key_2'}]}}",
	 "Unique data leaf(s) \"interface\"", "data-not-unique"},

	/* ---- inside IPv4 ---- */
	{"inside local no length", INSIDE("169.254.12.38", "169.254.12.37"),
	 "inside local must be an IPv4 address with its prefix length", "vtid-bad-inside-address"},
	{"inside local octet 300", INSIDE("169.254.300.2/30", "169.254.12.37"),
	 "inside local must be an IPv4 address with its prefix length", "vtid-bad-inside-address"},
	{"inside local not link-local", INSIDE("10.0.12.38/30", "10.0.12.37"),
	 "inside local address must be inside 169.254.0.0/16", "vtid-inside-not-link-local"},
	{"inside local /29", INSIDE("169.254.12.38/29", "169.254.12.37"),
	 "inside local address must have prefix length /30", "vtid-inside-not-30"},
	{"inside 169.254.3.0/30 reserved", INSIDE("169.254.3.2/30", "169.254.3.1"),
	 "169.254.0.0/30 to 169.254.5.0/30 are reserved by AWS", "vtid-inside-reserved"},
	{"inside 169.254.0.0/30 reserved", INSIDE("169.254.0.1/30", "169.254.0.2"),
	 "reserved by AWS", "vtid-inside-reserved"},
	{"inside 169.254.5.4/30 free", INSIDE("169.254.5.6/30", "169.254.5.5"), NULL, NULL},
	{"inside 169.254.169.252/30 reserved", INSIDE("169.254.169.253/30", "169.254.169.254"),
	 "the inside /30 169.254.169.252/30 is reserved by AWS", "vtid-inside-reserved"},
	{"inside local network", INSIDE("169.254.12.36/30", "169.254.12.37"),
	 "inside local address is the network address of its /30", "vtid-inside-network-address"},
	{"inside local broadcast", INSIDE("169.254.12.39/30", "169.254.12.37"),
	 "inside local address is the broadcast address of its /30",
	 "vtid-inside-broadcast-address"},
	{"inside local without peer", TUNNEL(",'inside':{'local':'169.254.12.38/30'}"),
	 "inside peer is required when inside local is set", "vtid-inside-peer-missing"},
	{"inside peer without local", TUNNEL(",'inside':{'peer':'169.254.12.37'}"),
	 "inside peer needs inside local", "vtid-inside-local-missing"},
	{"inside peer other /30", INSIDE("169.254.12.38/30", "169.254.12.41"),
	 "inside peer must be in the same /30 as inside local", "vtid-inside-peer-not-in-30"},
	{"inside peer other third octet", INSIDE("169.254.12.38/30", "169.254.13.37"),
	 "inside peer must be in the same /30", "vtid-inside-peer-not-in-30"},
	{"inside peer outside 169.254", INSIDE("169.254.12.38/30", "10.254.12.37"),
	 "inside peer must be in the same /30", "vtid-inside-peer-not-in-30"},
	{"inside peer = local", INSIDE("169.254.12.38/30", "169.254.12.38"),
	 "inside peer must not be the same address as inside local", "vtid-inside-peer-is-local"},
	{"inside peer network", INSIDE("169.254.12.38/30", "169.254.12.36"),
	 "inside peer is the network address of the /30", "vtid-inside-network-address"},
	{"inside peer broadcast", INSIDE("169.254.12.38/30", "169.254.12.39"),
	 "inside peer is the broadcast address of the /30", "vtid-inside-broadcast-address"},
	/* two tunnels on one /30: a C check (tests/config/bad/b52-inside-in-use) */
	{"inside neighbouring /30s in two tunnels",
	 TUNNEL2(",'inside':{'local':'169.254.12.38/30','peer':'169.254.12.37'}",
		 ",'inside':{'local':'169.254.12.42/30','peer':'169.254.12.41'}"),
	 NULL, NULL},

	/* ---- inside IPv6 ---- */
	{"inside v6 bad",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::2',"
		"'peer-v6':'fd00:12::1'}"),
	 "inside ipv6 local must be an IPv6 address with its prefix length",
	 "vtid-bad-inside-address"},
	{"inside v6 not ULA",
	 TUNNEL(",'inside':{'local-v6':'2001:db8::2/126',"
		"'peer-v6':'2001:db8::1'}"),
	 "inside ipv6 local address must be inside fd00::/8", "vtid-inside-not-ula"},
	{"inside v6 00fd:: is not fd00::/8",
	 TUNNEL(",'inside':{'local-v6':'fd::2/126','peer-v6':'fd::1'}"), "must be inside fd00::/8",
	 "vtid-inside-not-ula"},
	{"inside v6 /64",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::2/64',"
		"'peer-v6':'fd00:12::1'}"),
	 "inside ipv6 local address must have prefix length /126", "vtid-inside-not-126"},
	{"inside v6 network ::",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::/126',"
		"'peer-v6':'fd00:12::1'}"),
	 "inside ipv6 local address is the network", "vtid-inside-network-address"},
	{"inside v6 network ::c",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::C/126',"
		"'peer-v6':'fd00:12::d'}"),
	 "inside ipv6 local address is the network", "vtid-inside-network-address"},
	{"inside v6 local without peer", TUNNEL(",'inside':{'local-v6':'fd00:12::2/126'}"),
	 "inside ipv6 peer is required", "vtid-inside-peer-missing"},
	{"inside v6 peer without local", TUNNEL(",'inside':{'peer-v6':'fd00:12::1'}"),
	 "inside ipv6 peer needs inside ipv6 local", "vtid-inside-local-missing"},
	{"inside v6 peer = local",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::2/126','peer-v6':'FD00:12::2'}"),
	 "inside ipv6 peer must not be the same address", "vtid-inside-peer-is-local"},
	{"inside v6 peer network",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::2/126','peer-v6':'fd00:12::'}"),
	 "inside ipv6 peer is the network", "vtid-inside-network-address"},
	{"inside v6 peer bad",
	 TUNNEL(",'inside':{'local-v6':'fd00:12::2/126',"
		"'peer-v6':'fd00:12::1::'}"),
	 "must be an IPv6 address in hex groups", "vtid-bad-ipv6-address"},

	/* ---- routes ---- */
	{"route host bits", ROUTE("10.16.0.1/16"), "the prefix has host bits set",
	 "vtid-prefix-host-bits"},
	{"route host bits /31", ROUTE("192.0.2.1/31"), "the prefix has host bits set",
	 "vtid-prefix-host-bits"},
	{"route host bits /0", ROUTE("128.0.0.0/0"), "the prefix has host bits set",
	 "vtid-prefix-host-bits"},
	{"route /33", ROUTE("10.0.0.0/33"), "must be an IPv4 or IPv6 prefix with its length",
	 "vtid-bad-prefix"},
	{"route without length", ROUTE("10.0.0.0"), "must be an IPv4 or IPv6 prefix",
	 "vtid-bad-prefix"},
	{"route to unknown tunnel",
	 "{'vtid:routes':{'route':[{'prefix':'10.0.0.0/16','tunnel':'aws9'}]}}",
	 "no target instance", "instance-required"},
	{"route distance 0",
	 "{'vtid:tunnels':{'tunnel':[{" TUNNEL_BASE "}]},"
	 "'vtid:routes':{'route':[{'prefix':'10.0.0.0/16','tunnel':'aws1',"
	 "'distance':0}]}}",
	 "distance is 1..255", "vtid-bad-distance"},

	/* ---- prefix lists ---- */
	{"prefix-list name", "{'vtid:prefix-lists':{'prefix-list':[{'name':'_x'}]}}",
	 "a prefix-list name is 1..64", "vtid-bad-prefix-list-name"},
	{"prefix-list action missing",
	 "{'vtid:prefix-lists':{'prefix-list':[{'name':'vpc','entry':[{"
	 "'seq':10,'prefix':'10.0.0.0/8'}]}]}}",
	 "Mandatory node \"action\"", NULL},
	{"prefix-list prefix missing", PLIST("'le':24"), "Mandatory node \"prefix\"", NULL},
	{"prefix-list host bits", PLIST("'prefix':'10.1.0.0/8'"), "the prefix has host bits set",
	 "vtid-prefix-host-bits"},
	{"prefix-list ge below length", PLIST("'prefix':'10.0.0.0/16','ge':8"),
	 "ge must be greater than or equal to the prefix length", "vtid-ge-below-prefix-length"},
	{"prefix-list ge 33 for IPv4", PLIST("'prefix':'10.0.0.0/16','ge':33"),
	 "ge must be at most 32 for an IPv4 prefix", "vtid-bad-prefix-length"},
	{"prefix-list le 33 for IPv4", PLIST("'prefix':'10.0.0.0/16','le':33"),
	 "le must be at most 32 for an IPv4 prefix", "vtid-bad-prefix-length"},
	{"prefix-list le below ge", PLIST("'prefix':'10.0.0.0/8','ge':24,'le':16"),
	 "le must be greater than or equal to ge", "vtid-le-below-ge"},
	{"prefix-list le below length", PLIST("'prefix':'10.0.0.0/16','le':8"),
	 "le must be greater than or equal to the prefix length", "vtid-le-below-prefix-length"},
	{"prefix-list ge 129", PLIST("'prefix':'2001:db8::/32','ge':129"), "ge is 0..128",
	 "vtid-bad-prefix-length"},

	/* ---- BGP ---- */
	{"bgp local-as missing", "{'vtid:bgp':{'router-id':'10.0.0.1'}}",
	 "Mandatory node \"local-as\"", NULL},
	{"bgp local-as 0", "{'vtid:bgp':{'local-as':0}}", "an AS number is 1..4294967295",
	 "vtid-bad-as-number"},
	{"bgp local-as AS_TRANS", "{'vtid:bgp':{'local-as':23456}}", "AS 23456 is AS_TRANS",
	 "vtid-as-trans"},
	{"bgp router-id 0.0.0.0", BGP(",'router-id':'0.0.0.0'"),
	 "bgp router-id must not be 0.0.0.0", "vtid-router-id-zero"},
	{"global router-id 0.0.0.0", "{'vtid:global':{'router-id':'0.0.0.0'}}",
	 "router-id must not be 0.0.0.0", "vtid-router-id-zero"},
	{"global router-id bad", "{'vtid:global':{'router-id':'10.1.2'}}",
	 "must be an IPv4 address in dotted-quad form", "vtid-bad-ipv4-address"},
	{"neighbor remote-as missing", BGP(",'neighbor':[{'address':'169.254.12.37'}]"),
	 "Mandatory node \"remote-as\"", NULL},
	{"neighbor remote-as AS_TRANS",
	 BGP(",'neighbor':[{'address':'169.254.12.37','remote-as':23456}]"), "AS 23456 is AS_TRANS",
	 "vtid-as-trans"},
	{"neighbor IPv6",
	 BGP(",'neighbor':[{'address':'fd00:12::1','remote-as':64512,"
	     "'update-source':'fd00:12::2'}]"),
	 NULL, NULL},
	{"neighbor address two ::",
	 BGP(",'neighbor':[{'address':'fd00::12::1','remote-as':64512}]"),
	 "must be an IPv4 or IPv6 address", "vtid-bad-ip-address"},
	{"neighbor address bad", BGP(",'neighbor':[{'address':'169.254.12','remote-as':64512}]"),
	 "must be an IPv4 or IPv6 address", "vtid-bad-ip-address"},
	{"keepalive = hold", NEIGHBOR(",'timers':{'keepalive':30,'hold':30}"),
	 "keepalive must be shorter than hold time", "vtid-keepalive-not-below-hold"},
	{"keepalive above default hold", NEIGHBOR(",'timers':{'keepalive':60}"),
	 "keepalive must be shorter than hold time", "vtid-keepalive-not-below-hold"},
	{"hold 2", NEIGHBOR(",'timers':{'keepalive':1,'hold':2}"),
	 "hold time is 0 (disabled) or 3..65535 seconds", "vtid-bad-hold-time"},
	{"keepalive 21846", NEIGHBOR(",'timers':{'keepalive':21846,'hold':0}"),
	 "keepalive is 0..21845 seconds", "vtid-bad-keepalive"},
	{"update-source family", NEIGHBOR(",'update-source':'2001:db8::1'"),
	 "update-source must be of the same address family", "vtid-address-family-mismatch"},
	{"neighbor prefix-list unknown",
	 NEIGHBOR(",'address-family':[{'afi':'ipv4-unicast',"
		  "'prefix-list-in':'nosuch'}]"),
	 "no target instance", "instance-required"},
	{"as-path-prepend 11",
	 NEIGHBOR(",'address-family':[{'afi':'ipv4-unicast',"
		  "'as-path-prepend':11}]"),
	 "as-path-prepend is 1..10", "vtid-bad-as-path-prepend"},
	{"maximum-prefix 0",
	 NEIGHBOR(",'address-family':[{'afi':'ipv4-unicast',"
		  "'maximum-prefix':0}]"),
	 "maximum-prefix is 1..4294967295", "vtid-bad-maximum-prefix"},
	{"network v6 in ipv4", NETWORK("ipv4-unicast", "2001:db8::/32"),
	 "an IPv6 network cannot be announced in address-family ipv4 unicast",
	 "vtid-network-family-mismatch"},
	{"network v4 in ipv6", NETWORK("ipv6-unicast", "10.16.16.0/24"),
	 "an IPv4 network cannot be announced in address-family ipv6 unicast",
	 "vtid-network-family-mismatch"},
	{"network host bits", NETWORK("ipv4-unicast", "10.16.16.1/24"),
	 "the network has host bits set", "vtid-prefix-host-bits"},
	{"maximum-paths 0", BGP(",'address-family':[{'afi':'ipv4-unicast','maximum-paths':0}]"),
	 "maximum-paths is 1..64", "vtid-bad-maximum-paths"},
	{"logging level", "{'vtid:global':{'logging':{'level':'trace'}}}",
	 "Invalid enumeration value \"trace\"", NULL},
};

static struct ly_ctx *ctx;

static void ctx_setup(void)
{
	struct lys_module *mod = NULL;

	/* Keep libyang quiet; the test reads the stored last error. */
	ly_log_options(LY_LOSTORE_LAST);
	ck_assert_int_eq(ly_ctx_new(NULL, 0, &ctx), LY_SUCCESS);
	ck_assert_msg(lys_parse_path(ctx, VTID_YANG_FILE, LYS_IN_YANG, &mod) == LY_SUCCESS,
		      "model does not load: %s", ly_errmsg(ctx));
	ck_assert_ptr_nonnull(mod);
}

static void ctx_teardown(void)
{
	ly_ctx_destroy(ctx);
	ctx = NULL;
}

static char *json_unquote(const char *in)
{
	char *out = strdup(in);
	char *p;

	ck_assert_ptr_nonnull(out);
	for (p = out; *p; p++)
		if (*p == '\'')
			*p = '"';
	return out;
}

/* Parse and validate; NULL on error with the last error in ctx. */
static LY_ERR yang_parse(const char *table_json, struct lyd_node **tree)
{
	char *json = json_unquote(table_json);
	LY_ERR rc;

	*tree = NULL;
	rc = lyd_parse_data_mem(ctx, json, LYD_JSON, LYD_PARSE_STRICT, LYD_VALIDATE_NO_STATE, tree);
	free(json);
	return rc;
}

START_TEST(test_yang_case)
{
	const struct yang_case *c = &yang_cases[_i];
	const struct ly_err_item *e;
	struct lyd_node *tree;
	LY_ERR rc;

	rc = yang_parse(c->json, &tree);
	e = ly_err_last(ctx);
	if (!c->error) {
		ck_assert_msg(rc == LY_SUCCESS, "%s: expected valid, got: %s", c->name,
			      e && e->msg ? e->msg : "?");
		lyd_free_all(tree);
		return;
	}
	ck_assert_msg(rc != LY_SUCCESS, "%s: expected an error, was accepted", c->name);
	ck_assert_ptr_null(tree);
	ck_assert_msg(e && e->msg, "%s: no error message", c->name);
	ck_assert_msg(strstr(e->msg, c->error), "%s: expected \"%s\", got \"%s\"", c->name,
		      c->error, e->msg);
	if (c->apptag)
		ck_assert_msg(e->apptag && !strcmp(e->apptag, c->apptag),
			      "%s: expected app-tag %s, got %s", c->name, c->apptag,
			      e->apptag ? e->apptag : "(none)");
}
END_TEST

/* The renderer relies on defaults being present and flagged as such. */
START_TEST(test_yang_seed_defaults)
{
	static const struct {
		const char *path;
		const char *value;
		int dflt;
	} want[] = {
		{"/vtid:tunnels/tunnel[name='aws1']/mark", "100", 0},
		{"/vtid:tunnels/tunnel[name='aws2']/inside/local", "169.254.14.230/30", 0},
		{"/vtid:tunnels/tunnel[name='aws1']/interface-type", "vti", 1},
		{"/vtid:tunnels/tunnel[name='aws1']/ike-version", "2", 1},
		{"/vtid:tunnels/tunnel[name='aws1']/ike/lifetime", "28800", 1},
		{"/vtid:tunnels/tunnel[name='aws1']/esp/lifetime", "3600", 1},
		{"/vtid:tunnels/tunnel[name='aws1']/rekey/margin", "540", 1},
		{"/vtid:tunnels/tunnel[name='aws1']/dpd/action", "restart", 1},
		{"/vtid:tunnels/tunnel[name='aws2']/mtu", "auto", 1},
		{"/vtid:tunnels/tunnel[name='aws2']/mss-clamp", "auto", 1},
		{"/vtid:global/logging/level", "notice", 1},
		{"/vtid:bgp/neighbor[address='169.254.14.229']/timers/hold", "30", 1},
		{"/vtid:bgp/address-family[afi='ipv4-unicast']/maximum-paths", "16", 1},
	};
	struct lyd_node *tree, *node;
	size_t i;

	ck_assert_int_eq(yang_parse(aws_seed, &tree), LY_SUCCESS);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_msg(lyd_find_path(tree, want[i].path, 0, &node) == LY_SUCCESS,
			      "%s missing", want[i].path);
		ck_assert_str_eq(lyd_get_value(node), want[i].value);
		ck_assert_int_eq(!!(node->flags & LYD_DEFAULT), want[i].dflt);
	}
	/* activate has no YANG default: its effective value is the daemon's. */
	ck_assert_int_ne(lyd_find_path(tree,
				       "/vtid:bgp/neighbor[address='169.254.12.37']"
				       "/address-family[afi='ipv4-unicast']/activate",
				       0, &node),
			 LY_SUCCESS);
	lyd_free_all(tree);
}
END_TEST

/* A rejected PSK must not be echoed back in the error. */
START_TEST(test_yang_psk_not_in_error)
{
	static const struct {
		const char *json;
		const char *secret;
	} bad[] = {
		{TUNNEL_AUTH("vti1", "'psk':'Not So Secret'"), "Not So Secret"},
		{TUNNEL_AUTH("vti1", "'psk':'Sh0rt'"), "Sh0rt"},
		{TUNNEL_AUTH("vti1", "'psk':'Sec\\u00e9ret99'"), "ret99"},
	};
	struct lyd_node *tree;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct ly_err_item *e;

		ck_assert_int_ne(yang_parse(bad[i].json, &tree), LY_SUCCESS);
		e = ly_err_last(ctx);
		ck_assert_ptr_nonnull(e);
		ck_assert_msg(strstr(e->msg, "PSK must be"), "unexpected: %s", e->msg);
		ck_assert_msg(!strstr(e->msg, bad[i].secret), "PSK in message: %s", e->msg);
		ck_assert_msg(!e->path || !strstr(e->path, bad[i].secret), "PSK in path: %s",
			      e->path);
	}
}
END_TEST

static Suite *yang_suite(void)
{
	Suite *s = suite_create("yang");
	TCase *tc = tcase_create("model");

	tcase_add_checked_fixture(tc, ctx_setup, ctx_teardown);
	tcase_add_loop_test(tc, test_yang_case, 0,
			    (int)(sizeof(yang_cases) / sizeof(yang_cases[0])));
	tcase_add_test(tc, test_yang_seed_defaults);
	tcase_add_test(tc, test_yang_psk_not_in_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(yang_suite());
}
