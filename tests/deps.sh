# The Debian 12 packages vtid's build, tests and AWS lab need, and how they
# are installed; sourced by tests/run.sh and examples/aws-lab/run.sh.
#
#     . tests/deps.sh
#     deps_install WHO PKG...    installs the missing ones (root), or exits 1
#
# Nothing a package installs is started: a policy-rc.d forbids it for the
# time of the installation, and a daemon started anyway (bird, frr, gobgpd:
# the labs start them in their own namespaces and need port 179 free) is
# stopped and disabled, but only when this installation brought it in.
# shellcheck shell=bash disable=SC2034 # the lists are read by the sourcing script

DEPS_BUILD="autoconf automake libtool pkg-config make gcc libc6-dev
  libnl-3-dev libnl-route-3-dev libnl-xfrm-3-dev libssl-dev libyang2-dev
  libnftables-dev check libsubunit-dev libedit-dev"
# the AWS lab: namespaces, two charons with kernel-libipsec, BIRD
DEPS_LAB="iproute2 util-linux procps psmisc python3 iputils-ping bird2
  strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins"
# every test and benchmark: the lab's, a second compiler, FRR, GoBGP, iperf3
DEPS_TEST="$DEPS_LAB clang iperf3 frr gobgpd"
# the kernel dataplane's VM (tests/kernel/): QEMU, Debian's kernel and its
# modules, busybox for the VM's /init, nft for the labs' checks
DEPS_KVM="qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils nftables"

deps_missing() { # PKG...: the ones not installed
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			echo "$p"
	done
}

deps_install() { # WHO PKG...
	local who=$1 prc=/usr/sbin/policy-rc.d prc_saved="" p s
	local -a missing
	shift
	mapfile -t missing < <(deps_missing "$@")
	[[ ${#missing[@]} -gt 0 ]] || return 0
	if [[ $(id -u) -ne 0 ]]; then
		echo "$who: missing packages: ${missing[*]} (run as root to install them)" >&2
		exit 1
	fi
	echo "$who: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# invoke-rc.d asks policy-rc.d; 101 = "action forbidden" (a policy
	# already there is kept and put back)
	if [[ -e $prc ]]; then
		prc_saved=$(mktemp /usr/sbin/policy-rc.d.vtid.XXXXXX)
		cp -p "$prc" "$prc_saved"
	fi
	printf '#!/bin/sh\nexit 101\n' >"$prc.vtid-new"
	chmod 755 "$prc.vtid-new"
	mv -f "$prc.vtid-new" "$prc"
	s=0
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || s=$?
	if [[ -n $prc_saved ]]; then mv -f "$prc_saved" "$prc"; else rm -f "$prc"; fi
	[[ $s -eq 0 ]] || { echo "$who: apt-get install failed (exit $s)" >&2; exit 1; }
	# whatever started anyway: stop and disable what was just installed,
	# never a daemon someone runs on purpose
	for p in "${missing[@]}"; do
		case $p in bird2) s=bird ;; frr | gobgpd) s=$p ;; *) continue ;; esac
		if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
			systemctl disable --now "$s.service" >/dev/null 2>&1 || true
		elif [[ -x /etc/init.d/$s ]]; then
			"/etc/init.d/$s" stop >/dev/null 2>&1 || true
			update-rc.d "$s" disable >/dev/null 2>&1 || true
		fi
	done
}
