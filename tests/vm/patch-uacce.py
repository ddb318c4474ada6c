#!/usr/bin/env python3
"""Build-time change to Debian's uacce.c (GPL-2.0, downloaded, never committed) for the VM tests.

QEMU has no device with PASID and page requests, so real SVA cannot be bound. To let the test
driver present UACCE_DEV_SVA (flags bit 0) and reach the queue owner's memory through its mm, the
copy that is built here keeps the SVA flag without enabling IOPF/SVA on the parent, and skips
iommu_sva_bind_device at open. Each change is an early return inserted at the top of a named
function; the script fails if a function is not found, so a changed upstream file is noticed.
"""
import re
import sys

path = sys.argv[1]
text = open(path).read()
changes = [
    ("static unsigned int uacce_enable_sva(struct device *parent, unsigned int flags)", "return flags;"),
    ("static void uacce_disable_sva(struct uacce_device *uacce)", "return;"),
    ("static int uacce_bind_queue(struct uacce_device *uacce, struct uacce_queue *q)", "return 0;"),
]
for signature, statement in changes:
    pattern = re.escape(signature) + r"\s*\{"
    match = re.search(pattern, text)
    if not match:
        sys.exit(f"patch-uacce: '{signature}' not found")
    text = text[:match.end()] + f"\n\t{statement} /* WarpZip VM tests: emulated SVA */" + text[match.end():]
open(path, "w").write(text)
