#!/bin/busybox sh
# /init of the VM stage's initramfs (run-vm-tests.sh fills in @DOTNET@ and @GUEST_DLL@).
# Loads the modules, mounts the host's root (9p, read-only) with proc/sys/dev/tmp inside it, and
# runs GuestTests there with the host's dotnet: the full run on hisi_qm_v2, then smoke runs with
# the model driver reloaded as v1 and v3. Prints "GUEST: N passed, M failed" and powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /tmp
echo "init: guest up after $(cut -d' ' -f1 /proc/uptime) s"
for m in $(cat /modules.list); do insmod "/lib/modules/$m" || echo "init: insmod $m failed"; done
insmod /lib/modules/uacce.ko || echo "init: insmod uacce.ko failed"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /host || echo "init: 9p mount failed"
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
mount -t tmpfs tmp /host/tmp
mkdir -p /host/dev/shm && mount -t tmpfs shm /host/dev/shm

passed=0
failed=0
run() { # $1 = qm_version, rest = GuestTests arguments
  v=$1; shift
  rmmod hisi_zip_model 2>/dev/null
  if ! insmod /lib/modules/hisi_zip_model.ko qm_version=$v nr_queues=4; then
    echo "init: insmod hisi_zip_model qm_version=$v failed"; failed=$((failed + 1)); return
  fi
  echo "init: running GuestTests $* (qm v$v) at $(cut -d' ' -f1 /proc/uptime) s"
  chroot /host /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp TMPDIR=/tmp \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_TieredCompilation=1 DOTNET_TC_QuickJitForLoops=1 \
    @DOTNET@ @GUEST_DLL@ "$@" 2>&1 | tee /tmp/out.txt
  line=$(grep '^RESULT: ' /tmp/out.txt | tail -1)
  if [ -n "$line" ]; then
    set -- $line
    passed=$((passed + $2)); failed=$((failed + $3))
  else
    echo "init: GuestTests $* printed no RESULT line"; failed=$((failed + 1))
  fi
}
run 2 full
run 1 smoke 1
run 3 smoke 3
rmmod hisi_zip_model || { echo "init: rmmod hisi_zip_model failed"; failed=$((failed + 1)); }
dmesg | grep -iE "hisi_zip_model|uacce|BUG|Oops|WARNING" | tail -20
echo "init: done at $(cut -d' ' -f1 /proc/uptime) s"
echo "GUEST: $passed passed, $failed failed"
sync
poweroff -f
