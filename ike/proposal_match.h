/*
 * Proposal selection (RFC 7296 §2.7, §3.3) in both roles.
 *
 * Responder: ike_proposal_select() walks the PEER's proposals in the
 * peer's order and takes the first one that one of our configured
 * proposals accepts (ours tried in our order); within it, for each
 * transform type, it takes the peer's first algorithm that we also list.
 * This is strongSwan's default behaviour, so a strongSwan or AWS peer
 * gets what it asked for first.  One exception: when the initiator's KE
 * group is among the acceptable DH groups it is taken, which saves an
 * INVALID_KE_PAYLOAD round trip.
 *
 * A peer proposal is accepted only if it carries every transform type its
 * protocol needs (IKE: ENCR, PRF, INTEG unless ENCR is AEAD, DH; ESP:
 * ENCR, INTEG unless AEAD, ESN), no transform type or attribute we do not
 * know (§3.3.6), no PRF in ESP, and no integrity algorithm other than NONE
 * next to AEAD encryption.  Key lengths must be equal, "no Key Length
 * attribute" included.
 *
 * DH in ESP: with pfs false (the CHILD_SA of IKE_AUTH) DH transforms are
 * ignored on both sides and none is chosen.  With pfs true
 * (CREATE_CHILD_SA) a proposal of ours with DH groups needs one of them
 * from the peer, and one without needs the peer to offer no DH or NONE.
 *
 * Initiator: ike_proposal_check_reply() accepts the responder's SA only if
 * it holds exactly one proposal, of the right protocol, at most one
 * transform per type, numbered as one of ours (proposal i of `offered`
 * was sent as number i + 1) and a subset of that one.
 *
 * Every refusal writes one line into why (may be NULL when whylen is 0)
 * naming both sides in the proposal notation of ike/proposal.h, e.g.
 * "no proposal: peer offers aes128-sha1-modp1024; we accept
 * aes256gcm16-prfsha384-ecp384".  Nothing is logged here; the caller logs
 * with the peer named.
 */
#ifndef VT_IKE_PROPOSAL_MATCH_H
#define VT_IKE_PROPOSAL_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/msg.h"
#include "ike/proposal.h"

struct ike_proposal_ctx {
	enum ike_proto proto;
	bool pfs;	   /* ESP only: negotiate DH (CREATE_CHILD_SA) */
	uint16_t ke_group; /* group of the KE payload received, 0 if none */
};

struct ike_proposal_choice {
	struct ike_proposal prop; /* one transform per type (none for absent) */
	uint8_t num;		  /* the peer's proposal number */
	struct ike_bytes spi;	  /* points into the peer's message */
};

/*
 * Responder.  0 and *out filled; -ENOENT when nothing is acceptable
 * (answer NO_PROPOSAL_CHOSEN); -EINVAL when n_ours is 0 or above
 * IKE_MSG_MAX_PROPOSALS (our fault).
 */
int ike_proposal_select(const struct ike_proposal *ours, unsigned n_ours,
			const struct ike_msg_sa *peer, const struct ike_proposal_ctx *ctx,
			struct ike_proposal_choice *out, char *why, size_t whylen);

/*
 * Initiator.  0 and *out filled; -EBADMSG when the reply breaks the rules
 * above (the peer's fault: fail the SA); -EINVAL as for select.
 */
int ike_proposal_check_reply(const struct ike_proposal *offered, unsigned n_offered,
			     const struct ike_msg_sa *reply, const struct ike_proposal_ctx *ctx,
			     struct ike_proposal_choice *out, char *why, size_t whylen);

/*
 * Does the KE payload's group match the chosen DH group?  0 if it does or
 * if nothing was chosen for DH; otherwise -EAGAIN and *want is the group to
 * request in INVALID_KE_PAYLOAD.
 */
int ike_proposal_ke_check(const struct ike_proposal_choice *c, uint16_t ke_group, uint16_t *want);

#endif
