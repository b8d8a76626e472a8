/*
 * The kernel backend's nftables table, `inet vtid`, through libnftables.
 *
 * The table is never edited rule by rule: whenever a tunnel comes or goes
 * the whole table is written again, and the text below is one nft
 * transaction (create if missing, delete, create with the new content), so
 * the kernel swaps it atomically and never holds half of it.  The same
 * "create, delete" pair removes it, ours or a crashed run's, without
 * failing when it is not there.
 *
 * The MSS clamp is a fixed value per tunnel and IP version (from the
 * tunnel's MTU, or the configured one), set only on SYNs that ask for
 * more: `rt mtu` would clamp SYN-ACKs coming out of a tunnel to the LAN's
 * route MTU, which is the wrong one.
 */
#include <errno.h>
#include <string.h>

#include <nftables/libnftables.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_int.h"

#define KERN_NFT_TABLE KERN_NFT_FAMILY " " KERN_NFT_NAME

static int kern_nft_run(struct nft_ctx *nft, const char *cmd, const char *what, struct strbuf *err)
{
	int rc = nft_run_cmd_from_buffer(nft, cmd);

	if (rc != 0) {
		struct strbuf msg;

		sb_init(&msg);
		sb_add(&msg, nft_ctx_get_error_buffer(nft));
		sb_trim_nl(&msg);
		if (err)
			sb_printf(err, "nftables: %s: %s", what, msg.len ? sb_str(&msg) : "failed");
		sb_free(&msg);
		return -EIO;
	}
	return 0;
}

int kern_nft_open(struct kern_dp *dp, struct strbuf *err)
{
	dp->nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!dp->nft) {
		if (err)
			sb_add(err, "nftables: cannot create a context");
		return -ENOMEM;
	}
	/* Messages go to our log with the tunnel named, never to stderr. */
	nft_ctx_buffer_output(dp->nft);
	nft_ctx_buffer_error(dp->nft);
	return 0;
}

void kern_nft_close(struct kern_dp *dp)
{
	if (dp->nft)
		nft_ctx_free(dp->nft);
	dp->nft = NULL;
}

int kern_nft_table_delete(struct nft_ctx *nft, struct strbuf *err)
{
	return kern_nft_run(nft,
			    "table " KERN_NFT_TABLE "\n"
			    "delete table " KERN_NFT_TABLE "\n",
			    "delete table " KERN_NFT_TABLE, err);
}

static void kern_nft_clamp(struct strbuf *sb, const char *dir, const char *ifname,
			   const char *proto, uint16_t mss)
{
	sb_printf(sb,
		  "\t\t%sname \"%s\" meta nfproto %s tcp flags syn "
		  "tcp option maxseg size > %u tcp option maxseg size set %u\n",
		  dir, ifname, proto, mss, mss);
}

static void kern_nft_tunnel_rules(struct strbuf *sb, const struct kern_tunnel *t)
{
	static const char *const dirs[] = {"oif", "iif"};

	for (unsigned i = 0; i < 2; i++) {
		if (t->mss4)
			kern_nft_clamp(sb, dirs[i], t->base.ifname, "ipv4", t->mss4);
		if (t->mss6)
			kern_nft_clamp(sb, dirs[i], t->base.ifname, "ipv6", t->mss6);
	}
}

int kern_nft_sync(struct kern_dp *dp, struct strbuf *err)
{
	struct strbuf cmd;
	struct kern_tunnel *t;
	int rc;

	sb_init(&cmd);
	sb_add(&cmd, "table " KERN_NFT_TABLE "\n"
		     "delete table " KERN_NFT_TABLE "\n"
		     "table " KERN_NFT_TABLE " {\n"
		     "\tchain mss_clamp {\n"
		     "\t\ttype filter hook forward priority mangle; policy accept;\n");
	for (t = dp->tunnels; t; t = t->next)
		kern_nft_tunnel_rules(&cmd, t);
	sb_add(&cmd, "\t}\n}\n");
	if (cmd.err) {
		sb_free(&cmd);
		if (err)
			sb_add(err, "nftables: out of memory");
		return -ENOMEM;
	}
	rc = kern_nft_run(dp->nft, sb_str(&cmd), "write table " KERN_NFT_TABLE, err);
	sb_free(&cmd);
	return rc;
}
