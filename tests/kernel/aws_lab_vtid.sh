# shellcheck shell=bash
# The AWS lab's phases that only vtid runs (sourced by tests/kernel/aws_lab.sh,
# which has brought the AWS side up and checked vtid's first start):
#   phase_b  rekeys of both tunnels' CHILD_SAs and IKE SAs under a 50/s
#            ping, none lost; aws-t1's charon stopped (the ECMP route
#            shrinks to vti2, traffic goes on) and started (all back);
#   phase_c  vtid killed with SIGKILL and restarted: it says it removed the
#            dead run's objects, comes back up, and holds one set of them;
#   phase_d  the lab again with "interface-type xfrm" on both tunnels.
# phase_b and phase_c run with vtid up and leave it up (the clean stop
# after them is the lab's); phase_d starts and ends with vtid stopped.
# shellcheck disable=SC2154 # the lab's variables
# shellcheck disable=SC2034 # IFTYPE, KL_PHASE: read by the lab, lib.sh

# per running tunnel: "NAME IKE-SPI-I/IKE-SPI-R CHILD-SPI-IN/CHILD-SPI-OUT"
# from show ipsec sa json (the newest CHILD_SA: not one being replaced)
vtid_sa_ids() {
	il_vtictl onprem "show ipsec sa json" 2>/dev/null | "$IL_PYTHON" -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for t in j.get("tunnels", []):
    c = [x for x in t.get("child-sas", []) if not x.get("rekeyed")]
    c = "%s/%s" % (c[-1]["spi-in"], c[-1]["spi-out"]) if c else "-"
    print(t.get("tunnel"), "%s/%s" % (t.get("spi-i"), t.get("spi-r")), c)'
}

indent() { sed "s/^/    $1/"; }

# sa_changed FIELD: every tunnel has an SA whose FIELD (2: IKE, 3: CHILD)
# differs from the one in $ids_before, and is not "-"
sa_changed() {
	local now name ike child old
	now=$(vtid_sa_ids)
	[[ $(wc -l <<<"$now") == 2 ]] || return 1
	while read -r name ike child; do
		old=$(awk -v n="$name" -v f="$1" '$1 == n { print $f }' <<<"$ids_before")
		if [[ $1 == 2 ]]; then now=$ike; else now=$child; fi
		[[ $now != - && $now != */ && $now != "$old" ]] || return 1
	done < <(vtid_sa_ids)
}

# rekey KIND: vtictl asks both tunnels to rekey their KIND (ike or esp)
rekey() {
	local n out rc
	for n in 1 2; do
		rc=0
		out=$(il_vtictl onprem "tunnel ${T_NAME[$n]} rekey $1" 2>&1) || rc=$?
		kl_check "vtictl -c 'tunnel ${T_NAME[$n]} rekey $1': $out" [ "$rc" = 0 ]
	done
}

# ping_lost OUT: probes that ping (stopped with SIGINT) sent but got no
# answer to, but its last one, which may have been in flight
ping_lost() {
	local sent got
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$1")
	[[ $sent ]] || { echo "no summary"; return; }
	got=$(grep -o 'icmp_seq=[0-9]*' "$1" | cut -d= -f2 | sort -un |
		awk -v s="$sent" '$1 < s { n++ } END { print n + 0 }')
	echo "$((sent - 1 - got)) of $((sent - 1))"
}

states_are() { [ "$(kl_xfrm_states onprem)" = "$1" ]; }

# log_says FILE MARK TEXT: TEXT is in FILE since il_log_mark gave MARK
log_says() { il_log_since "$1" "$2" | grep -q "$3"; }

vti2_only() {
	local r
	r=$(vpc_routes)
	[[ $r == *"dev ${T_IF[2]}"* && $r != *"dev ${T_IF[1]}"* ]]
}

phase_b() {
	local ids_before pid out=$IL_DIR/ping-rekey.out lost
	KL_PHASE="b, rekeys"
	ids_before=$(vtid_sa_ids)
	indent "SAs before: " <<<"$ids_before"
	ip netns exec "$(ns lan)" ping -n -i 0.02 "$VPC_HOST" </dev/null >"$out" 2>&1 &
	pid=$!
	il_proc_add ping-rekey "$pid"
	sleep 1
	rekey esp
	kl_check_wait 20 "both tunnels have new CHILD_SAs (SPIs changed)" sa_changed 3
	rekey ike
	kl_check_wait 20 "both tunnels have new IKE SAs (SPIs changed)" sa_changed 2
	vtid_sa_ids | indent "SAs after: "
	sleep 1
	kl_check "the ping ran through the rekeys" kill -0 "$pid"
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" || true
	lost=$(ping_lost "$out")
	grep 'packets transmitted' "$out" | sed 's/^/    ping lan -> vpc every 20 ms: /'
	kl_check "no ping lan -> vpc lost during the rekeys ($lost lost)" [ "${lost%% *}" = 0 ]
	kl_check_wait 10 "the replaced SAs are gone: 4 XFRM states in onprem" \
		states_are 4 || true

	KL_PHASE="b, failure"
	il_proc_stop charon-aws-t1
	# the Transit Gateway's route table follows its BGP sessions: the way
	# back leaves aws-t1 with its tunnel (here by hand; else the replies
	# hashed onto aws-t1 are lost, and which those are changes per boot)
	ip -n "$(ns vpc)" route replace "$LAN_CIDR" via 172.31.0.2
	kl_check_wait 60 "aws-t1's charon stopped: the route to $VPC_CIDR is over ${T_IF[2]} alone" \
		vti2_only || true
	vpc_routes | sed 's/^/    /'
	kl_check "ping lan $LAN_HOST -> vpc $VPC_HOST over ${T_NAME[2]} alone" il_ping lan "$VPC_HOST" 5
	kl_charon_start aws-t1
	il_say "aws-t1's charon started again at $(ms) ms"
	kl_check_wait 90 "tunnel ${T_NAME[1]} up again in onprem" onprem_tunnel_up 1 || return 1
	kl_check_wait 60 "BGP session aws-t1 <-> ${T_LOCAL[1]} established again (FRR)" bgp_up 1 || true
	kl_check_wait 60 "ECMP route to $VPC_CIDR over ${T_IF[1]} and ${T_IF[2]} again" ecmp || return 1
	ip -n "$(ns vpc)" route replace "$LAN_CIDR" nexthop via 172.31.0.1 nexthop via 172.31.0.2
	vpc_routes | sed 's/^/    /'
	kl_check "ping lan $LAN_HOST -> vpc $VPC_HOST" il_ping lan "$VPC_HOST" 5
	kl_check "ESP counters of tunnel ${T_NAME[1]} rise with a ping over ${T_IF[1]}" esp_rising 1
	il_say "phase b done at $(ms) ms"
	KL_PHASE=""
}

# what vtid holds in onprem: links, XFRM states and policies, nft tables
# named vtid, routes of protocol bgp, nexthop objects (one line)
vtid_objects() {
	local n
	n=$(ns onprem)
	echo "links: $(kl_tunnel_links onprem | sort | tr '\n' ' ')" \
		"states: $(kl_xfrm_states onprem)" \
		"policies: $(kl_xfrm_policies onprem)" \
		"nft: $(ip netns exec "$n" nft list tables | grep -c vtid)" \
		"bgp-routes: $(ip -n "$n" route show proto bgp | grep -c '^[0-9]')" \
		"nexthops: $(ip -n "$n" nexthop show 2>/dev/null | grep -c .)"
}

# in vtid_objects' words: links and XFRM states exist
objects_left() { [[ $1 != "links:  "* && $1 != *" states: 0 "* ]]; }

# in vtid_objects' words: vti1, vti2, 4 states, one nft table
one_set() { [[ $1 == "links: vti1 vti2  states: 4 "* && $1 == *" nft: 1 "* ]]; }

reqids_ours() { # every state's reqid is in KX_REQID_BASE..+0xffff
	local r
	for r in $(kl_xfrm_reqids onprem); do
		[[ $((r >> 16)) == $((0x7674)) ]] || return 1
	done
}

phase_c() {
	local one now mark log=$IL_DIR/onprem/vtid.log
	KL_PHASE="c, crash"
	one=$(vtid_objects)
	echo "    one run's objects: $one"
	il_proc_pid vtid-onprem >/dev/null || il_fail "no vtid in onprem"
	il_kill vtid-onprem
	now=$(vtid_objects)
	echo "    after SIGKILL: $now"
	kl_check "SIGKILL left vtid's objects behind, as a crash does" \
		objects_left "$now"
	mark=$(il_log_mark "$log")
	onprem_start
	kl_check_wait 15 "vtid restarted says it removed what the dead run left" \
		log_says "$log" "$mark" "left by an earlier run" || true
	il_log_since "$log" "$mark" | grep 'earlier run' | sed 's/^/    /'
	lab_up_wait || return 1
	kl_check "ping lan $LAN_HOST -> vpc $VPC_HOST" il_ping lan "$VPC_HOST" 5
	now=$(vtid_objects)
	echo "    after the restart: $now"
	kl_check "after the restart: one run's objects, no stale ones" [ "$now" = "$one" ]
	kl_check "after the restart: links vti1 and vti2, 4 XFRM states, one nft table" \
		one_set "$now"
	kl_check "after the restart: every XFRM state's reqid is vtid's" reqids_ours
	il_say "phase c done at $(ms) ms"
	KL_PHASE=""
}

phase_d() {
	KL_PHASE="d, xfrm"
	IFTYPE=xfrm
	onprem_start
	lab_up || return 1
	onprem_stop
	lab_stopped
	IFTYPE=vti
	il_say "phase d done at $(ms) ms"
	KL_PHASE=""
}
