# The Debian 12 packages vtid's build, tests and AWS lab need, and how they
# are installed; sourced by tests/run.sh and examples/aws-lab/run.sh.
#
#     . tests/deps.sh
#     deps_install WHO PKG...    installs the missing ones (root), or exits 1
#     deps_kernel_image DIR      Debian's current kernel, unpacked (see there)
#     deps_kernel_host           the installed kernel vm.sh may boot, if any
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
# the kernel dataplane's VM (tests/kernel/): QEMU, busybox for the VM's
# /init, kmod and cpio to pack its modules, nft for the labs' checks.
# Debian's kernel is not installed: deps_kernel_image unpacks it aside.
DEPS_KVM="qemu-system-x86 busybox-static kmod cpio xz-utils nftables"

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

# The version (uname -r) of the newest kernel installed on this host with its
# modules, which tests/kernel/vm.sh boots rather than the package unpacked by
# deps_kernel_image; none (status 1) when VTID_KVM_HOST_KERNEL is 0.
deps_kernel_host() {
	local v best=""
	[[ ${VTID_KVM_HOST_KERNEL:-1} != 0 ]] || return 1
	for v in /lib/modules/*/kernel; do
		v=${v%/kernel}
		v=${v##*/}
		[[ -f /boot/vmlinuz-$v && -f /lib/modules/$v/modules.dep ]] || continue
		best=$(printf '%s\n' "$best" "$v" | sort -V | tail -n 1)
	done
	[[ -n $best ]] && echo "$best"
}

# Debian's current kernel package (the one linux-image-amd64 depends on),
# fetched with apt-get download and unpacked with dpkg-deb -x into
# DIR/kernel-PKGVERSION, with a modules.dep (depmod -b); nothing is installed.
# Done once: a tree already there is reused, older trees are removed.  The
# package lists are refreshed (apt-get update) only when the package cannot
# be found or fetched; offline, the newest tree already unpacked is used.
# Prints the tree's path; status 1 when there is none.
deps_kernel_image() { # DIR
	local dir=$1 pkg ver tree tmp t old kv rc=1 lk
	mkdir -p "$dir"
	# one fetch at a time (vm.sh holds $dir/.lock while it packs)
	exec {lk}>"$dir/.kernel-lock"
	flock "$lk"
	rm -rf "$dir"/.kernel-new.* # a run that died here
	for t in 1 2; do
		if [[ $t == 2 ]]; then
			echo "deps_kernel_image: refreshing the package lists" >&2
			apt-get update -q >/dev/null 2>&1 || break
		fi
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }') || true
		[[ -n $pkg ]] || continue
		ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null |
			awk '$1 == "Version:" { print $2; exit }') || true
		[[ -n $ver ]] || continue
		tree=$dir/kernel-$ver
		if [[ -f $tree/.complete ]]; then
			rc=0
			break
		fi
		tmp=$(mktemp -d "$dir/.kernel-new.XXXXXX")
		# apt drops root for the download: _apt must be able to write here
		chown _apt "$tmp" 2>/dev/null || true
		echo "deps_kernel_image: fetching $pkg $ver" >&2
		if ! (cd "$tmp" && apt-get download -q "$pkg=$ver" >/dev/null); then
			rm -rf "$tmp"
			continue
		fi
		echo "deps_kernel_image: unpacking it into $tree" >&2
		if dpkg-deb -x "$tmp"/*.deb "$tmp/tree" &&
			kv=$(find "$tmp/tree/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n') &&
			[[ -n $kv && -f $tmp/tree/boot/vmlinuz-$kv ]] &&
			depmod -b "$tmp/tree" "$kv" && touch "$tmp/tree/.complete"; then
			rm -rf "$tree"
			mv "$tmp/tree" "$tree"
			rc=0
		else
			echo "deps_kernel_image: $pkg $ver could not be unpacked" >&2
		fi
		rm -rf "$tmp"
		break
	done
	if [[ $rc -eq 0 ]]; then
		for old in "$dir"/kernel-*; do
			[[ -d $old && $old != "$tree" ]] || continue
			# and vm.sh's initramfs for it, unless the host has that kernel
			for kv in "$old"/lib/modules/*; do
				kv=${kv##*/}
				[[ $kv == \* || -d /lib/modules/$kv || -d $tree/lib/modules/$kv ]] ||
					rm -rf "${dir:?}/$kv"-*
			done
			rm -rf "$old"
		done
	else
		# offline: the newest one unpacked before, if any
		tree=$(find "$dir" -mindepth 2 -maxdepth 2 -path "$dir/kernel-*/.complete" -printf '%h\n' |
			sort -V | tail -n 1)
		[[ -n $tree ]] && rc=0 &&
			echo "deps_kernel_image: cannot fetch the kernel package; using $tree" >&2
	fi
	exec {lk}>&-
	[[ $rc -eq 0 ]] && echo "$tree"
	return "$rc"
}
