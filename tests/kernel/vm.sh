#!/usr/bin/env bash
# Run one command inside a QEMU VM that boots Debian's kernel, so that the
# kernel dataplane (VTI, XFRM interfaces, ESP) can be tested on a host kernel
# that lacks it (see ../shared/KERNEL-VM.md).
#
# The kernel is the host's newest one in /boot with its modules in
# /lib/modules when there is one (linux-image-* installed), otherwise
# Debian's current linux-image package, fetched and unpacked aside by
# deps_kernel_image (tests/deps.sh) into ${VTID_KVM_DIR:-/var/tmp/vtid-kvm}
# without being installed.  VTID_KVM_HOST_KERNEL=0 forces the package.
#
#     tests/kernel/vm.sh [--] COMMAND [ARG...]
#
# The VM has no NIC.  Its /init (tests/kernel/init) loads the modules,
# mounts the host's / read-only over 9p, mounts proc, sys, dev and tmpfs on
# /run, /tmp, /var/tmp over it and makes it the VM's root (so that nsenter
# and setns(CLONE_NEWNS) land in it too), then runs COMMAND with bash in the
# caller's working directory.  COMMAND's output streams to ours; its exit
# status is ours.  Variables named KLAB_*, VTID_*, IL_*, BL_* are passed in.
#
# The initramfs (busybox-static, the modules with their dependencies) and the
# uncompressed kernel are cached in ${VTID_KVM_DIR:-/var/tmp/vtid-kvm},
# keyed by the kernel version and the hash of where the kernel comes from,
# /init, the module list and the function that packs them.  The modules are
# the ones the VM may need; /init keeps them available to the kernel's
# request_module() after it switches to the host's root.
#
# Environment: VTID_KVM_TIMEOUT (s, default 600) kills QEMU and fails;
# VTID_KVM_MEM (MB, default 1024), VTID_KVM_SMP (CPUs, default 1),
# VTID_KVM_CPU (QEMU's -cpu, default max); KVER picks the kernel (the host's
# or an unpacked package's); VTID_KVM_LOG names a file that gets the whole
# console output.
# Exit: COMMAND's status; 77 (skip) when QEMU, the kernel or busybox-static
# is missing or we are not root; 1 on timeout or when the VM broke down.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KVM_DIR=${VTID_KVM_DIR:-/var/tmp/vtid-kvm}
TIMEOUT=${VTID_KVM_TIMEOUT:-600}
MEM=${VTID_KVM_MEM:-1024}
CPU=${VTID_KVM_CPU:-max}
SMP=${VTID_KVM_SMP:-1}
QEMU=qemu-system-x86_64

# Modules for the labs; their dependencies come from modprobe --show-depends.
# drbg: ESP's IV generators need the default RNG (KERNEL-VM.md, trap 1).
# KVM_MODS_DEMAND: packed but not loaded at boot; the kernel asks for them
# (drbg for jitterentropy_rng, which needs sha3_generic; libcrc32c for crc32c)
# through /sbin/modprobe, after the switch to the host's root too.  nft's
# expressions the labs use (exthdr, rt, meta, payload) are in nf_tables.
KVM_MODS="ip_vti ip_tunnel tunnel4 xfrm4_tunnel xfrm_interface esp4 xfrm_user
	xfrm_algo authenc authencesn echainiv seqiv gcm ccm ghash-generic ctr cbc
	aesni_intel sha512_generic sha256_ssse3 sha1_ssse3 hmac drbg
	veth bridge tun nf_tables nfnetlink nft_ct nf_conntrack
	9p 9pnet 9pnet_virtio virtio_pci"
KVM_MODS_DEMAND="jitterentropy_rng sha3_generic crc32c_generic crc32c_intel"

vm_skip() {
	echo "SKIP: vm.sh: $*" >&2
	exit 77
}

vm_die() {
	echo "vm.sh: $*" >&2
	exit 1
}

[[ ${1:-} == -- ]] && shift
[[ $# -gt 0 ]] || vm_die "usage: vm.sh [--] COMMAND [ARG...]"
[[ $EUID -eq 0 ]] || vm_skip "needs root (the VM reads the host's / over 9p)"
command -v "$QEMU" >/dev/null || vm_skip "$QEMU missing (qemu-system-x86)"
for t in cpio depmod modprobe gzip; do
	command -v "$t" >/dev/null || vm_skip "$t missing (cpio, kmod, gzip)"
done
# (no "busybox --list | grep -q": with pipefail, grep quitting early fails it)
[[ -x /bin/busybox && $'\n'$(/bin/busybox --list 2>/dev/null)$'\n' == *$'\nswitch_root\n'* ]] ||
	vm_skip "/bin/busybox missing (busybox-static)"
# shellcheck source=tests/deps.sh
. "$here/../deps.sh"

# ktree: where the kernel is, boot/vmlinuz-KVER and lib/modules/KVER below it
# (empty: the host's /)
ktree=""
if hk=$(deps_kernel_host) && [[ -z ${KVER:-} || $KVER == "$hk" ]]; then
	KVER=$hk
elif [[ -n ${KVER:-} && ${VTID_KVM_HOST_KERNEL:-1} != 0 && -f /boot/vmlinuz-$KVER &&
	-f /lib/modules/$KVER/modules.dep ]]; then
	:
else
	ktree=$(deps_kernel_image "$KVM_DIR") ||
		vm_skip "no kernel: none installed, and Debian's package cannot be fetched"
	if [[ -z ${KVER:-} ]]; then
		KVER=$(find "$ktree/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
	fi
	[[ -f $ktree/boot/vmlinuz-$KVER && -f $ktree/lib/modules/$KVER/modules.dep ]] ||
		vm_skip "no kernel $KVER installed or in $ktree"
fi
if [[ -z $ktree ]]; then
	echo "vm.sh: kernel $KVER, the host's (/boot, /lib/modules)" >&2
else
	echo "vm.sh: kernel $KVER, Debian's package unpacked in $ktree" >&2
fi

# --- the cached initramfs and kernel ----------------------------------------

vm_build_initramfs() {
	local stage=$cache/rootfs m ko n t0
	t0=$(date +%s%N)
	rm -rf "$stage"
	mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp,run,mnt/host,mnt/share}
	cp /bin/busybox "$stage/bin/busybox"
	# a real sh and the applets /init uses; modprobe also serves the kernel's
	# request_module() until the host's root replaces ours
	for a in sh mount umount mkdir modprobe insmod cat echo sleep poweroff sync \
		chroot switch_root cut grep tr uname chmod; do
		ln -s busybox "$stage/bin/$a"
	done
	ln -s ../bin/busybox "$stage/sbin/modprobe"
	for m in $KVM_MODS $KVM_MODS_DEMAND; do
		modprobe -d "${ktree:-/}" -S "$KVER" --show-depends "$m" 2>/dev/null |
			awk '$1 == "insmod" { print $2 }' >>"$cache/ko.list" ||
			echo "vm.sh: module $m not found (built in?)" >&2
	done
	# the paths start with $ktree; below /lib/modules they are the same
	sort -u "$cache/ko.list" | while read -r ko; do
		n=/lib/modules/${ko#*/lib/modules/}
		mkdir -p "$stage$(dirname "$n")"
		cp "$ko" "$stage$n"
	done
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$ktree/lib/modules/$KVER/$f" "$stage/lib/modules/$KVER/" 2>/dev/null || true
	done
	depmod -b "$stage" "$KVER"
	echo "$KVM_MODS" | tr -s ' \t\n' '\n' | grep . >"$stage/modules"
	[[ -z $ktree ]] || touch "$stage/own-modules"
	install -m 0755 "$here/init" "$stage/init"
	n=$(find "$stage/lib/modules" -name '*.ko*' | wc -l)
	(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$cache/initramfs.tmp"
	mv "$cache/initramfs.tmp" "$cache/initramfs.cpio.gz"
	rm -rf "$stage" "$cache/ko.list"
	t0=$((($(date +%s%N) - t0) / 1000000))
	echo "vm.sh: initramfs for $KVER with $n modules in $cache ($((t0 / 1000)).$((t0 % 1000 / 100)) s)" >&2
}

# The uncompressed kernel boots through its PVH entry ~2.5 s faster under
# TCG than vmlinuz, which decompresses itself (KERNEL-VM.md)
vm_extract_vmlinux() {
	local z=$ktree/boot/vmlinuz-$KVER off
	command -v xz >/dev/null || return 1
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$z" | head -n 1 | cut -d: -f1)
	[[ -n $off ]] || return 1
	tail -c +$((off + 1)) "$z" | xz -dc --single-stream >"$cache/vmlinux.tmp" 2>/dev/null || true
	[[ $(head -c 4 "$cache/vmlinux.tmp" | od -An -c | tr -d ' ') == '177ELF' ]] || {
		rm -f "$cache/vmlinux.tmp"
		return 1
	}
	mv "$cache/vmlinux.tmp" "$cache/vmlinux"
}

# the key: what goes into the initramfs (/init, the modules, how it is made)
key=$({ echo "${ktree:-/}"; cat "$here/init"; echo "$KVM_MODS $KVM_MODS_DEMAND"; declare -f vm_build_initramfs; } |
	sha256sum | cut -c1-16)
cache=$KVM_DIR/$KVER-$key
mkdir -p "$KVM_DIR"
exec 9>"$KVM_DIR/.lock"
flock 9
if [[ ! -s $cache/initramfs.cpio.gz ]]; then
	# older builds for this kernel, unused for an hour
	find "$KVM_DIR" -mindepth 1 -maxdepth 1 -name "$KVER-*" ! -name "$KVER-$key" -mmin +60 \
		-exec rm -rf {} + 2>/dev/null || true
	mkdir -p "$cache"
	rm -f "$cache/ko.list"
	vm_build_initramfs
fi
if [[ ! -s $cache/vmlinux && ! -e $cache/no-vmlinux ]]; then
	vm_extract_vmlinux || touch "$cache/no-vmlinux"
fi
flock -u 9
kernel=$ktree/boot/vmlinuz-$KVER
[[ -s $cache/vmlinux ]] && kernel=$cache/vmlinux

# --- the job -------------------------------------------------------------------

share=$(mktemp -d "${TMPDIR:-/tmp}/vtid-kvm.XXXXXX")
qpid=
# shellcheck disable=SC2317 # run by the trap
vm_cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	[[ -z $qpid ]] || kill "$qpid" 2>/dev/null || true
	rm -rf -- "$share"
	exit "$rc"
}
trap vm_cleanup EXIT
trap 'exit 130' INT TERM HUP

{
	echo "# written by tests/kernel/vm.sh"
	# the variables a lab reads
	while IFS='=' read -r name _; do
		[[ $name =~ ^(KLAB|VTID|IL|BL)_[A-Za-z0-9_]*$ ]] || continue
		printf 'export %s=%q\n' "$name" "${!name}"
	done < <(env)
	printf 'cd %q || exit 126\n' "$PWD"
	printf '%q ' "$@"
	echo
} >"$share/job.sh"
# the VM mounts empty file systems on /tmp and /var/tmp; the directories
# the job needs there (a build or a clone under /tmp) stay visible
top=$(cd "$here/../.." && pwd)
for d in "$top" "$PWD"; do
	case $d in /tmp/* | /var/tmp/*) ;; *) continue ;; esac
	[[ $d == "$top" || $d != "$top"/* ]] || continue
	echo "$d"
done | sort -u >"$share/keep"

# shellcheck disable=SC2054 # the commas are QEMU's
args=(-accel tcg -cpu "$CPU" -m "$MEM" -smp "$SMP" -M pc -nodefaults -no-user-config
	-display none -no-reboot -serial stdio -kernel "$kernel"
	-initrd "$cache/initramfs.cpio.gz"
	-append "console=ttyS0 quiet loglevel=3 panic=-1"
	-fsdev "local,id=fs0,path=$share,security_model=none"
	-device virtio-9p-pci,fsdev=fs0,mount_tag=vtidkvm
	-fsdev "local,id=fs1,path=/,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=fs1,mount_tag=hostroot)

log=${VTID_KVM_LOG:-/dev/null}
t0=$(date +%s%N)
# in the background, so that a signal to us can end it (vm_cleanup)
coproc QEMU_OUT { exec timeout -k 5 "$TIMEOUT" "$QEMU" "${args[@]}" </dev/null 2>&1; }
qpid=$QEMU_OUT_PID
# our own copy: bash closes the coproc's descriptors once it has ended,
# maybe before we have read all it wrote
exec {qfd}<&"${QEMU_OUT[0]}"
# the serial console ends lines with CR LF
while IFS= read -r line <&"$qfd"; do
	line=${line%$'\r'}
	printf '%s\n' "$line"
	[[ $log == /dev/null ]] || printf '%s\n' "$line" >>"$log"
done
exec {qfd}<&-
qrc=0
wait "$qpid" || qrc=$?
qpid=
ms=$((($(date +%s%N) - t0) / 1000000))
[[ $qrc -ne 124 && $qrc -ne 137 ]] || vm_die "timed out after $TIMEOUT s (VTID_KVM_TIMEOUT); QEMU killed"
[[ -s $share/rc ]] || vm_die "the VM ended without the command's exit status (QEMU status $qrc, $ms ms)"
rc=$(<"$share/rc")
echo "vm.sh: exit status $rc, VM $((ms / 1000)).$((ms % 1000 / 100)) s" >&2
exit "$rc"
