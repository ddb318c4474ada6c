#!/usr/bin/env bash
# VM stage: WarpZip's hardware path against the real uacce kernel framework.
#
# Boots Debian's own kernel under QEMU (TCG: the nested /dev/kvm here cannot run a stock kernel) with
# uacce.ko (built out of tree from Debian's linux-source at build time; GPL-2.0, never committed) and
# this project's model hisi_zip driver (tests/vm/driver), then runs tests/vm/GuestTests in the guest
# through the host's dotnet (host root shared read-only over 9p, chroot). Passes or fails on the
# "GUEST: N passed, M failed" line read back from the serial console, and prints it as
# "VM: N passed, M failed".
#
# Downloads are cached in $WARPZIP_VM_CACHE (default ~/.cache/warpzip-vm); build products go to
# $WARPZIP_VM_WORK (default /var/tmp/warpzip-vm: not under /tmp, which the guest covers with a tmpfs).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${WARPZIP_VM_CACHE:-${HOME:-/root}/.cache/warpzip-vm}
WORK=${WARPZIP_VM_WORK:-/var/tmp/warpzip-vm}
BOOT_TIMEOUT=${WARPZIP_VM_TIMEOUT:-420}
mkdir -p "$CACHE/debs" "$WORK"
exec 9>"$WORK/.lock"
flock 9 # one VM stage at a time per machine: they share the work folder
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

t0=$(date +%s)
stamp() { echo "[vm] $(( $(date +%s) - t0 ))s: $*"; }
declare -A timing
phase_start=$t0
phase_end() { local now; now=$(date +%s); timing[$1]=$(( now - phase_start )); phase_start=$now; }
fail() { echo "[vm] FAILED: $*" >&2; echo "VM: 0 passed, 1 failed"; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- 1. host tools --------------------------------------------------------------------------------
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v depmod >/dev/null || need+=(kmod)
command -v cpio >/dev/null || need+=(cpio)
command -v make >/dev/null || need+=(make)
command -v gcc >/dev/null || need+=(gcc)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ] || ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
  stamp "installing ${need[*]:-nothing (apt lists only)}"
  as_root apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
phase_end tools

# ---- 2. Debian's kernel packages at the version linux-image-amd64 depends on -----------------------
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$kpkg" ] || fail "cannot tell which kernel linux-image-amd64 depends on"
kv=${kpkg#linux-image-}                       # e.g. 6.1.0-56-amd64
kver=$(apt-cache show "$kpkg" | awk '/^Version:/ { print $2; exit }')   # e.g. 6.1.156-1
kbase=${kv%-amd64}                            # e.g. 6.1.0-56
kseries=$(cut -d. -f1,2 <<<"$kv")            # e.g. 6.1
pkgs=("$kpkg" "linux-headers-$kv" "linux-headers-$kbase-common" "linux-kbuild-$kseries=$kver" "linux-source-$kseries=$kver")
stamp "kernel $kv ($kver)"
(
  cd "$CACHE/debs"
  for p in "${pkgs[@]}"; do
    name=${p%%=*}
    # Once uacce.c is extracted and cached, the 133 MB source package is not needed again.
    [ "$name" = "linux-source-$kseries" ] && [ -s "$CACHE/uacce-$kver.c" ] && continue
    compgen -G "${name}_${kver}_*.deb" >/dev/null && continue
    rm -f "${name}_"*.deb
    apt-get download -q "$p" >/dev/null 2>&1 || apt-get download "$p"
  done
)
phase_end download

# ---- 3. unpack (cached per kernel version) --------------------------------------------------------
kroot=$WORK/kernel-$kver
find "$WORK" -maxdepth 1 -name 'kernel-*' ! -name "kernel-$kver" -exec rm -rf {} + # older kernels
if [ ! -f "$kroot/.done" ]; then
  stamp "unpacking kernel packages"
  rm -rf "$kroot"; mkdir -p "$kroot"
  for p in "${pkgs[@]}"; do
    name=${p%%=*}
    [ "$name" = "linux-source-$kseries" ] && continue
    dpkg -x "$(ls "$CACHE/debs/${name}_"*.deb | head -1)" "$kroot"
  done
  # The headers' Makefile includes the -common tree by absolute path: point it at the unpacked copy.
  grep -rl "/usr/src/linux-headers-$kbase-common" "$kroot/usr/src/linux-headers-$kv" --include=Makefile \
    | xargs -r sed -i "s|/usr/src/linux-headers-$kbase-common|$kroot/usr/src/linux-headers-$kbase-common|g"
  # The kbuild scripts are symlinked to /usr/lib/linux-kbuild-X.Y: repoint to the unpacked copy.
  for l in $(find "$kroot/usr/src" -maxdepth 3 -type l); do
    t=$(readlink "$l")
    case "$t" in /usr/*) ln -sfn "$kroot$t" "$l" ;; ../../lib/*) ;; esac
  done
  touch "$kroot/.done"
fi
# uacce.c (GPL-2.0) straight from Debian's source tarball; cached outside the repository, never committed.
uacce_src=$CACHE/uacce-$kver.c
if [ ! -s "$uacce_src" ]; then
  stamp "extracting drivers/misc/uacce/uacce.c from linux-source-$kseries"
  tmp=$(mktemp -d)
  dpkg-deb --fsys-tarfile "$(ls "$CACHE/debs/linux-source-${kseries}_"*.deb | head -1)" \
    | tar -x -C "$tmp" --wildcards './usr/src/linux-source-*.tar.xz'
  tar -xJf "$tmp"/usr/src/linux-source-*.tar.xz -C "$tmp" --wildcards '*/drivers/misc/uacce/uacce.c'
  cp "$tmp"/linux-source-*/drivers/misc/uacce/uacce.c "$uacce_src"
  rm -rf "$tmp" "$CACHE/debs/linux-source-${kseries}_"*.deb
fi
phase_end unpack

# ---- 4. out-of-tree modules: uacce.ko (patched for emulated SVA) and the model driver -------------
stamp "building uacce.ko and hisi_zip_model.ko"
build=$WORK/modules
rm -rf "$build"; mkdir -p "$build"
cp "$uacce_src" "$build/uacce.c"
python3 "$HERE/patch-uacce.py" "$build/uacce.c" || fail "could not patch uacce.c for emulated SVA"
cp "$HERE/driver/hisi_zip_model.c" "$HERE/driver/Kbuild" "$build/"
make -s -C "$kroot/usr/src/linux-headers-$kv" M="$build" modules >"$build/build.log" 2>&1 \
  || { cat "$build/build.log"; fail "module build"; }
grep -i "warning" "$build/build.log" | grep -v "Skipping BTF\|warning: the compiler differs" || true
phase_end modules

# ---- 5. the guest test program (built on the host, run in the guest from the shared root) ---------
stamp "building GuestTests"
guest=$WORK/guest
# ReadyToRun: the guest (TCG) JITs ~10x slower than the host. --artifacts-path keeps every obj/bin of
# this build (WarpZip's included) out of the source tree.
rm -rf "$guest"
dotnet publish "$HERE/GuestTests/GuestTests.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true --artifacts-path "$WORK/artifacts" -o "$guest" --nologo -v q >"$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log"; fail "GuestTests build"; }
phase_end guestbuild

# ---- 6. initramfs -----------------------------------------------------------------------------------
stamp "building initramfs"
initrd=$WORK/initrd
rm -rf "$initrd"; mkdir -p "$initrd"/{bin,dev,proc,sys,host,lib/modules}
cp /bin/busybox "$initrd/bin/busybox"
mods=$kroot/lib/modules/$kv
[ -f "$mods/modules.dep" ] || depmod -b "$kroot" "$kv"
: >"$initrd/modules.list"
for m in virtio_pci 9pnet_virtio 9p zlib_deflate zlib_inflate; do
  modprobe -d "$kroot" -S "$kv" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }' | while read -r ko; do
    rel=${ko#"$kroot"}
    base=$(basename "$rel")
    grep -qx "$base" "$initrd/modules.list" && continue
    cp "$kroot$rel" "$initrd/lib/modules/$base"
    echo "$base" >>"$initrd/modules.list"
  done
done
cp "$build/uacce.ko" "$build/hisi_zip_model.ko" "$initrd/lib/modules/"
sed -e "s|@GUEST_DLL@|$guest/GuestTests.dll|g" -e "s|@DOTNET@|$(readlink -f "$(command -v dotnet)")|g" \
  "$HERE/guest-init.sh" >"$initrd/init"
chmod +x "$initrd/init"
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -1) >"$WORK/initrd.img"
phase_end initramfs

# ---- 7. boot ----------------------------------------------------------------------------------------
stamp "booting (TCG, timeout ${BOOT_TIMEOUT}s)"
log=$WORK/serial.log
set +e
timeout -k 10 "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 2048 \
  -nographic -no-reboot -monitor none -serial "file:$log" \
  -kernel "$kroot/boot/vmlinuz-$kv" -initrd "$WORK/initrd.img" \
  -append 'console=ttyS0 panic=-1 oops=panic quiet loglevel=4' \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  </dev/null >"$WORK/qemu.log" 2>&1
qemu_status=$?
set -e
phase_end boot_and_tests

# The guest's own output: everything from init's first line on (the kernel runs with loglevel 4).
tr -d '\r' <"$log" | sed -n '/init: guest up/,$p' | sed 's/^.*\(init: guest up\)/\1/' || true
summary=$(tr -d '\r' <"$log" | grep -Eo "GUEST: [0-9]+ passed, [0-9]+ failed" | tail -1 || true)
echo "[vm] timings (s): tools ${timing[tools]}, download ${timing[download]}, unpack ${timing[unpack]}, modules ${timing[modules]}, guest build ${timing[guestbuild]}, initramfs ${timing[initramfs]}, boot+tests ${timing[boot_and_tests]}, total $(( $(date +%s) - t0 ))"
if [ -z "$summary" ]; then
  echo "[vm] no summary line (qemu exit $qemu_status); serial log tail:"; tail -40 "$log" | tr -d '\r'
  echo "VM: 0 passed, 1 failed"
  exit 1
fi
passed=$(sed -E 's/GUEST: ([0-9]+) passed, ([0-9]+) failed/\1/' <<<"$summary")
failed=$(sed -E 's/GUEST: ([0-9]+) passed, ([0-9]+) failed/\2/' <<<"$summary")
echo "VM: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
