#!/usr/bin/env bash
# The VM stage of tests/run.sh: boots one VM (tests/kernel/vm.sh) and runs
# the kernel labs in it, one after the other, from BUILD_DIR (where vtid
# and vtictl are built).
#
#     tests/kernel/run.sh BUILD_DIR
#
# KLAB_LABS lists the labs as SCRIPT:ONPREM (default: vtid's lab and the
# kernel backend's unit tests; "aws_lab.sh:seeds" runs the lab with the
# seeds' stack on both sides, which checks the lab itself);
# ONPREM is the lab's KLAB_ONPREM.  SCRIPT is in tests/kernel/, or, when it
# has a slash, a program of BUILD_DIR (e.g. tests/kernel/test_kern_xfrm).  Prints each lab's PASS/FAIL lines, its
# time and the stage's; exits 0 when every lab passed, 77 when the VM
# cannot run here (vm.sh skipped), 1 otherwise.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
secs() { printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100)); }

if [[ ${1:-} == --inside ]]; then
	# in the VM: the labs in sequence; one failing does not stop the others
	KLAB_LABS=${KLAB_LABS:-aws_lab.sh:vtid tests/kernel/test_dp_kern tests/kernel/test_kern_xfrm}
	failed=0 passed=0 skipped=0
	for lab in $KLAB_LABS; do
		script=${lab%%:*} onprem=${lab#*:}
		[[ $onprem != "$lab" ]] || onprem=seeds
		what="$script (onprem: $onprem)"
		[[ $script != */* ]] || what=$script
		echo "== $what"
		t=$(date +%s%N)
		rc=0
		# a path (tests/kernel/test_x) is a program of the build directory
		path=$here/$script
		[[ $script != */* ]] || path=./$script
		KLAB_ONPREM=$onprem "$path" || rc=$?
		case $rc in
		0) passed=$((passed + 1)) r=PASS ;;
		77) skipped=$((skipped + 1)) r=SKIP ;;
		*) failed=$((failed + 1)) r=FAIL ;;
		esac
		echo "== $r: $what in $(secs "$(ms_since "$t")")"
	done
	echo "== labs: $passed passed, $failed failed, $skipped skipped"
	[[ $failed -eq 0 && $passed -gt 0 ]]
	exit
fi

[[ $# -eq 1 && -d $1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
cd "$1"
t0=$(date +%s%N)
rc=0
"$here/vm.sh" "$here/run.sh" --inside || rc=$?
echo "tests/kernel/run.sh: VM stage $(secs "$(ms_since "$t0")"), exit status $rc"
exit "$rc"
