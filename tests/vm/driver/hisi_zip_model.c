// SPDX-License-Identifier: GPL-2.0
/*
 * hisi_zip_model: a test-only model of a HiSilicon ZIP (hisi_zip) queue device, registered with the
 * real uacce framework so that user-space drivers (WarpZip) can be exercised against the kernel's
 * own open/mmap/ioctl/poll/close paths. Written for WarpZip's VM tests; it drives no hardware.
 *
 * What it presents (mainline hisi_qm uacce ABI):
 *  - /dev/hisi_zip-N and /sys/class/uacce/hisi_zip-N with api hisi_qm_v<qm_version>, algorithms
 *    "zlib\ngzip" (v3 adds "deflate"), flags 1 (SVA, emulated: see below), nr_queues queues.
 *  - region 0 (MMIO): 1 page on v1 (doorbell at +0x340), 1 + 0x1000/PAGE_SIZE pages on v2/v3
 *    (doorbell at +0x1000). It is ordinary vmalloc memory mapped into the process.
 *  - region 1 (DUS): SQ 1024 x 128-byte SQEs at 0, CQ 1024 x 16-byte CQEs at 0x20000, padding to a
 *    page, then one status page (TX stop word at size-4, RX stop at size-8; never set here).
 *  - ioctls SET_QP_CTX (qc_type 0 compress / 1 decompress, returns the queue id) and SET_QP_INFO
 *    (sqe_size 128, depths 1024).
 *
 * The "engine" is one kernel thread. For every started queue it reads the 64-bit doorbell word and,
 * when the value changed and is an SQ doorbell (cmd 0) for this queue, takes the index as the new
 * SQ tail. It executes SQEs from its own head up to that tail: stateless zlib/gzip (v3: raw deflate)
 * compression or decompression with the kernel's zlib, on the buffers the SQE addresses, writes the
 * result words (dw0 consumed, dw1 produced, dw3 status | 0x100 last block, dw30 isize) and posts a
 * CQE (sq_head at +8, queue id at +10, phase bit at +14, written last) and wakes poll().
 *
 * Stream mode (dw7 bit 26) on a compression queue: each SQE is one piece of a DEFLATE stream (bit 27
 * NEW starts one, bit 25 FINISH ends it with the final block and the trailer; any other piece ends on
 * a sync flush). As WarpZip's C# device model does (ModelStreamCodec), the model keeps the stream's
 * last 32 KiB of input in the context area dw22/23 points at (its own layout: magic, window length,
 * window; the real device's is undocumented) and returns ctx_dw2 (dw29) = window length, dw30 = running
 * isize, dw31 = running CRC-32 (gzip) or Adler-32 (zlib) since NEW. A continuation whose carried ctx_dw2
 * or area magic disagrees gets an error status, so a driver that drops the words fails instead of
 * silently compressing without history. The area is written only by a request that succeeds.
 * Stream-mode decompression is not modelled (WarpZip does not send it) and gets an error status.
 *
 * Doorbell race, and the choice made here: software writes SQ and CQ doorbells to the same word,
 * so a CQ doorbell can overwrite an SQ doorbell before this thread has read it (real hardware
 * latches every store; ordinary memory cannot). The thread re-reads the word every 100-300 us while
 * a queue is started, which makes a lost SQ doorbell rare, and recovers one by scanning: if the slot
 * at its SQ head looks like a complete, unprocessed request (dw7 has the NEW or the stream bit, dw14
 * output capacity and dw20/21 destination are non-zero; a stream request also its context address
 * dw22/23 and, continuing a stream, its carried checksum dw31, or isize dw30 for raw deflate) and
 * stays so for 2 ms without a doorbell covering it, it is executed as if its doorbell had been seen.
 * To make "unprocessed" decidable the model clears dw7 of an SQE once it has written the results
 * (hardware does not; WarpZip never reads dw7 back). The recovery relies on x86 store order and on
 * software writing those words in that order after dw7 (dw31 last), which WarpZip's SQE writer does;
 * `recovered_doorbells` counts how often it fired.
 *
 * SVA emulation: there is no IOMMU with PASID in QEMU, so the build patches the downloaded uacce.c
 * to keep UACCE_DEV_SVA without enabling IOPF and to skip iommu_sva_bind_device. This driver records
 * the opener's mm at open() and reaches source and destination buffers through it
 * (kthread_use_mm + copy_from_user/copy_to_user), so SQEs carry plain process virtual addresses as
 * on SVA hardware. A process that has exited (mm gone) gets error statuses.
 *
 * Fault injection (module parameters, writable at run time in /sys/module/hisi_zip_model/parameters):
 * fault_skip requests complete normally, then the next fault_count requests complete with dw3 =
 * fault_status and nothing produced (a faulted stream piece leaves its context area unchanged).
 * Counters: requests_done, stream_requests (stream-mode SQEs among them), recovered_doorbells.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/uacce.h>
#include <uapi/misc/uacce/hisi_qm.h>
#include <linux/kthread.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/zlib.h>
#include <linux/crc32.h>
#include <linux/uaccess.h>
#include <linux/delay.h>
#include <linux/wait.h>
#include <linux/ktime.h>

#define MODEL_MAX_QUEUES	64
#define MODEL_SQE_SIZE		128
#define MODEL_DEPTH		1024
#define MODEL_CQE_SIZE		16
#define MODEL_CQ_OFFSET		(MODEL_SQE_SIZE * MODEL_DEPTH)
#define MODEL_MAX_REQUEST	(8 * 1024 * 1024)
#define MODEL_WINDOW		(32 * 1024)
#define PRIME_SCRATCH		(4 * 1024)

/* The stream context area, the model's own layout (as the C# model's): magic, window length, window. */
#define CTX_MAGIC		0x575A534D	/* "MSZW": the model wrote this area */
#define CTX_HEADER		16
#define CTX_DW0_BFINAL		(1u << 7)	/* returned in ctx_dw0 once the final block is out */

#define ST_OK			0x00
#define ST_HW_ERROR		0x05
#define ST_OUTPUT_TOO_SMALL	0x0E
#define ST_CHECKSUM		0x10
#define ST_DECOMP_END		0x13

#define ALG_DEFLATE		0x01
#define ALG_ZLIB		0x02
#define ALG_GZIP		0x03

#define DW7_FINISH		(1u << 25)
#define DW7_STREAM		(1u << 26)
#define DW7_NEW			(1u << 27)

static int qm_version = 2;
module_param(qm_version, int, 0444);
MODULE_PARM_DESC(qm_version, "QM generation to present: 1, 2 (default) or 3");

static int nr_queues = 4;
module_param(nr_queues, int, 0444);
MODULE_PARM_DESC(nr_queues, "number of queues (available_instances), 1-64");

static bool sva = true;
module_param(sva, bool, 0444);
MODULE_PARM_DESC(sva, "ask uacce for UACCE_DEV_SVA (needs the build-time uacce.c patch)");

static int level = 1;
module_param(level, int, 0644);
MODULE_PARM_DESC(level, "zlib level the engine compresses with");

static uint fault_status;
module_param(fault_status, uint, 0644);
MODULE_PARM_DESC(fault_status, "dw3 status written by injected faults");

static int fault_skip;
module_param(fault_skip, int, 0644);
MODULE_PARM_DESC(fault_skip, "requests to complete normally before injecting faults");

static int fault_count;
module_param(fault_count, int, 0644);
MODULE_PARM_DESC(fault_count, "requests to complete with fault_status");

static ulong requests_done;
module_param(requests_done, ulong, 0444);
MODULE_PARM_DESC(requests_done, "requests executed (read-only)");

static ulong stream_requests;
module_param(stream_requests, ulong, 0444);
MODULE_PARM_DESC(stream_requests, "stream-mode requests among them (read-only)");

static ulong recovered_doorbells;
module_param(recovered_doorbells, ulong, 0444);
MODULE_PARM_DESC(recovered_doorbells, "SQ doorbells recovered by the slot scan (read-only)");

struct model_queue {
	int id;
	bool used;
	bool started;
	u16 qc_type;
	struct uacce_queue *uq;
	struct mm_struct *mm;
	void *dus;
	void *mmio;
	u64 last_doorbell;
	u32 sq_head;
	u32 sq_tail;
	u32 cq_tail;
	u16 phase;
	ktime_t pending_since;
	atomic_t updated;
};

static struct platform_device *model_pdev;
static struct uacce_device *model_uacce;
static struct task_struct *model_thread;
static DEFINE_MUTEX(model_lock);
static struct model_queue model_queues[MODEL_MAX_QUEUES];
static size_t dus_size;
static size_t mmio_size;
static void *deflate_ws;
static void *inflate_ws;
static u8 *prime_scratch;

static unsigned int doorbell_offset(void)
{
	return qm_version == 1 ? 0x340 : 0x1000;
}

static int model_available(struct uacce_device *uacce)
{
	int i, n = 0;

	mutex_lock(&model_lock);
	for (i = 0; i < nr_queues; i++)
		n += !model_queues[i].used;
	mutex_unlock(&model_lock);
	return n;
}

static int model_get_queue(struct uacce_device *uacce, unsigned long arg, struct uacce_queue *q)
{
	int i;

	/* Open queues pin the module: rmmod must not free rings that are still mapped. */
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	mutex_lock(&model_lock);
	for (i = 0; i < nr_queues; i++) {
		struct model_queue *mq = &model_queues[i];

		if (mq->used)
			continue;
		mq->used = true;
		mq->started = false;
		mq->qc_type = 0;
		mq->uq = q;
		memset(mq->dus, 0, dus_size);
		memset(mq->mmio, 0, mmio_size);
		mq->last_doorbell = 0;
		mq->mm = current->mm;
		mmgrab(mq->mm);
		q->priv = mq;
		mutex_unlock(&model_lock);
		return 0;
	}
	mutex_unlock(&model_lock);
	module_put(THIS_MODULE);
	return -EBUSY;
}

static void model_put_queue(struct uacce_queue *q)
{
	struct model_queue *mq = q->priv;

	if (!mq)
		return;
	mutex_lock(&model_lock);
	mq->started = false;
	if (mq->mm)
		mmdrop(mq->mm);
	mq->mm = NULL;
	mq->uq = NULL;
	mq->used = false;
	q->priv = NULL;
	mutex_unlock(&model_lock);
	module_put(THIS_MODULE);
}

static int model_start_queue(struct uacce_queue *q)
{
	struct model_queue *mq = q->priv;

	mutex_lock(&model_lock);
	mq->sq_head = 0;
	mq->sq_tail = 0;
	mq->cq_tail = 0;
	mq->phase = 1;
	mq->pending_since = 0;
	mq->last_doorbell = READ_ONCE(*(u64 *)(mq->mmio + doorbell_offset()));
	atomic_set(&mq->updated, 0);
	mq->started = true;
	mutex_unlock(&model_lock);
	return 0;
}

static void model_stop_queue(struct uacce_queue *q)
{
	struct model_queue *mq = q->priv;

	mutex_lock(&model_lock);
	mq->started = false;
	mutex_unlock(&model_lock);
}

static int model_is_q_updated(struct uacce_queue *q)
{
	struct model_queue *mq = q->priv;

	return mq ? atomic_xchg(&mq->updated, 0) : 0;
}

static int model_mmap(struct uacce_queue *q, struct vm_area_struct *vma, struct uacce_qfile_region *qfr)
{
	struct model_queue *mq = q->priv;
	size_t size = vma->vm_end - vma->vm_start;

	switch (qfr->type) {
	case UACCE_QFRT_MMIO:
		if (size > mmio_size)
			return -EINVAL;
		return remap_vmalloc_range(vma, mq->mmio, 0);
	case UACCE_QFRT_DUS:
		if (size != dus_size)
			return -EINVAL;
		return remap_vmalloc_range(vma, mq->dus, 0);
	default:
		return -EINVAL;
	}
}

struct model_qp_info {
	__u32 sqe_size;
	__u16 sq_depth;
	__u16 cq_depth;
	__u64 reserved;
};

static long model_ioctl(struct uacce_queue *q, unsigned int cmd, unsigned long arg)
{
	struct model_queue *mq = q->priv;

	if (cmd == UACCE_CMD_QM_SET_QP_CTX) {
		struct hisi_qp_ctx ctx;

		if (copy_from_user(&ctx, (void __user *)arg, sizeof(ctx)))
			return -EFAULT;
		if (ctx.qc_type > 1)
			return -EINVAL;
		mq->qc_type = ctx.qc_type;
		ctx.id = mq->id;
		if (copy_to_user((void __user *)arg, &ctx, sizeof(ctx)))
			return -EFAULT;
		return 0;
	}
	if (cmd == _IOWR('H', 11, struct model_qp_info)) {
		struct model_qp_info info = {
			.sqe_size = MODEL_SQE_SIZE, .sq_depth = MODEL_DEPTH, .cq_depth = MODEL_DEPTH,
		};

		if (copy_to_user((void __user *)arg, &info, sizeof(info)))
			return -EFAULT;
		return 0;
	}
	return -EINVAL;
}

static const struct uacce_ops model_ops = {
	.get_available_instances = model_available,
	.get_queue = model_get_queue,
	.put_queue = model_put_queue,
	.start_queue = model_start_queue,
	.stop_queue = model_stop_queue,
	.is_q_updated = model_is_q_updated,
	.mmap = model_mmap,
	.ioctl = model_ioctl,
};

/* Adler-32 continued from a running value (1 at the start of a stream). */
static u32 model_adler32(u32 adler, const u8 *p, size_t len)
{
	u32 a = adler & 0xFFFF, b = adler >> 16;

	while (len) {
		size_t n = len < 5552 ? len : 5552;

		len -= n;
		while (n--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return (b << 16) | a;
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static u32 get_le32(const u8 *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((u32)p[3] << 24);
}

static u32 gzip_crc(const u8 *p, size_t len)
{
	return crc32_le(~0u, p, len) ^ ~0u;
}

static int trailer_size(u8 alg)
{
	return alg == ALG_GZIP ? 8 : alg == ALG_ZLIB ? 4 : 0;
}

/* Body and trailer, as the hardware writes them (software owns the header). */
static u8 model_compress(u8 alg, const u8 *in, u32 in_len, u8 *out, u32 cap, u32 *produced)
{
	struct z_stream_s strm = {};
	int trailer = trailer_size(alg);
	int ret;

	if (cap < trailer)
		return ST_OUTPUT_TOO_SMALL;
	strm.workspace = deflate_ws;
	if (zlib_deflateInit2(&strm, level, Z_DEFLATED, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return ST_HW_ERROR;
	strm.next_in = in;
	strm.avail_in = in_len;
	strm.next_out = out;
	strm.avail_out = cap - trailer;
	ret = zlib_deflate(&strm, Z_FINISH);
	zlib_deflateEnd(&strm);
	if (ret != Z_STREAM_END)
		return ST_OUTPUT_TOO_SMALL;
	*produced = strm.total_out;
	if (alg == ALG_GZIP) {
		put_le32(out + *produced, gzip_crc(in, in_len));
		put_le32(out + *produced + 4, in_len);
	} else if (alg == ALG_ZLIB) {
		u32 a = model_adler32(1, in, in_len);
		u8 *t = out + *produced;

		t[0] = a >> 24; t[1] = a >> 16; t[2] = a >> 8; t[3] = a;
	}
	*produced += trailer;
	return ST_OK;
}

static u8 model_decompress(u8 alg, const u8 *in, u32 in_len, u8 *out, u32 cap, u32 *consumed, u32 *produced)
{
	struct z_stream_s strm = {};
	int trailer = trailer_size(alg);
	int ret;

	strm.workspace = inflate_ws;
	if (zlib_inflateInit2(&strm, -MAX_WBITS) != Z_OK)
		return ST_HW_ERROR;
	strm.next_in = in;
	strm.avail_in = in_len;
	strm.next_out = out;
	strm.avail_out = cap;
	ret = zlib_inflate(&strm, Z_FINISH);
	zlib_inflateEnd(&strm);
	if (ret != Z_STREAM_END)
		return strm.avail_out == 0 && ret != Z_DATA_ERROR ? ST_OUTPUT_TOO_SMALL : ST_CHECKSUM;
	if (strm.total_in + trailer > in_len)
		return ST_CHECKSUM;
	if (alg == ALG_GZIP) {
		const u8 *t = in + strm.total_in;

		if (get_le32(t) != gzip_crc(out, strm.total_out) || get_le32(t + 4) != (u32)strm.total_out)
			return ST_CHECKSUM;
	} else if (alg == ALG_ZLIB) {
		const u8 *t = in + strm.total_in;
		u32 a = ((u32)t[0] << 24) | (t[1] << 16) | (t[2] << 8) | t[3];

		if (a != model_adler32(1, out, strm.total_out))
			return ST_CHECKSUM;
	}
	*consumed = strm.total_in + trailer;
	*produced = strm.total_out;
	return ST_DECOMP_END;
}

/* What a successful stream piece returns in its SQE, and the window it leaves in the context area. */
struct model_stream_result {
	u32 ctx_dw0;
	u32 window_len;	/* returned as ctx_dw2: the next request must carry it back */
	u32 isize;
	u32 checksum;
};

/*
 * The kernel's zlib exports no deflateSetDictionary (Debian 6.1 included), so history is primed the way
 * pigz does it with a stock deflater: deflate the window, sync-flush, and discard that output. The
 * piece deflated next starts byte-aligned and may refer back into the window.
 */
static int model_prime(struct z_stream_s *strm, const u8 *window, u32 len)
{
	int ret;

	strm->next_in = window;
	strm->avail_in = len;
	do {
		strm->next_out = prime_scratch;
		strm->avail_out = PRIME_SCRATCH;
		ret = zlib_deflate(strm, Z_SYNC_FLUSH);
	} while (ret == Z_OK && strm->avail_out == 0);
	return ret == Z_OK && strm->avail_in == 0 ? 0 : -EIO;
}

/*
 * One stream-mode compression piece, run with the queue owner's mm in use. `in` has MODEL_WINDOW bytes
 * of room in front of it: the saved window is read back there, so window and input are one run of
 * history, and the next window is simply its last 32 KiB.
 */
static u8 model_stream_compress(const u32 *sqe, u8 alg, u8 *in, u32 in_len, u8 *out, u32 cap,
				u32 *produced, struct model_stream_result *res)
{
	u32 control = READ_ONCE(sqe[7]);
	bool first = control & DW7_NEW, finish = control & DW7_FINISH;
	u64 area = READ_ONCE(sqe[22]) | ((u64)READ_ONCE(sqe[23]) << 32);
	u32 carried_sum = first ? 0 : READ_ONCE(sqe[31]);
	int trailer = finish ? trailer_size(alg) : 0;
	struct z_stream_s strm = {};
	u32 window_len = 0, body;
	u8 header[CTX_HEADER];
	int ret;

	if (!area)
		return ST_HW_ERROR;
	if (cap < trailer)
		return ST_OUTPUT_TOO_SMALL;
	if (!first) {
		if (copy_from_user(header, (const void __user *)area, CTX_HEADER))
			return ST_HW_ERROR;
		window_len = get_le32(header + 4);
		/* Software must carry what the last completion returned, for the area it belongs to. */
		if (get_le32(header) != CTX_MAGIC || window_len > MODEL_WINDOW || READ_ONCE(sqe[29]) != window_len)
			return ST_HW_ERROR;
		if (copy_from_user(in - window_len, (const void __user *)(area + CTX_HEADER), window_len))
			return ST_HW_ERROR;
	}

	strm.workspace = deflate_ws;
	if (zlib_deflateInit2(&strm, level, Z_DEFLATED, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return ST_HW_ERROR;
	if (window_len && model_prime(&strm, in - window_len, window_len)) {
		zlib_deflateEnd(&strm);
		return ST_HW_ERROR;
	}
	strm.next_in = in;
	strm.avail_in = in_len;
	strm.next_out = out;
	strm.avail_out = cap - trailer;
	ret = zlib_deflate(&strm, finish ? Z_FINISH : Z_SYNC_FLUSH);
	body = strm.next_out - out;
	zlib_deflateEnd(&strm);
	/* A sync flush that filled the output may not be complete: report it as too small. */
	if (finish ? ret != Z_STREAM_END : (ret != Z_OK || strm.avail_in || !strm.avail_out))
		return ST_OUTPUT_TOO_SMALL;

	res->isize = (first ? 0 : READ_ONCE(sqe[30])) + in_len;
	if (alg == ALG_GZIP)
		res->checksum = crc32_le(~carried_sum, in, in_len) ^ ~0u;
	else if (alg == ALG_ZLIB)
		res->checksum = model_adler32(first ? 1 : carried_sum, in, in_len);
	else
		res->checksum = 0;
	if (alg == ALG_GZIP && finish) {
		put_le32(out + body, res->checksum);
		put_le32(out + body + 4, res->isize);
	} else if (alg == ALG_ZLIB && finish) {
		u8 *t = out + body;

		t[0] = res->checksum >> 24; t[1] = res->checksum >> 16; t[2] = res->checksum >> 8; t[3] = res->checksum;
	}
	*produced = body + trailer;
	res->window_len = min_t(u32, window_len + in_len, MODEL_WINDOW);
	res->ctx_dw0 = finish ? CTX_DW0_BFINAL : 0;
	return ST_OK;
}

/* Saves the stream's new window; only a request that succeeds (no injected fault) gets here. */
static int model_stream_commit(const u32 *sqe, const u8 *in, u32 in_len, const struct model_stream_result *res)
{
	u64 area = READ_ONCE(sqe[22]) | ((u64)READ_ONCE(sqe[23]) << 32);
	u8 header[CTX_HEADER] = {};

	put_le32(header, CTX_MAGIC);
	put_le32(header + 4, res->window_len);
	if (copy_to_user((void __user *)area, header, CTX_HEADER) ||
	    copy_to_user((void __user *)(area + CTX_HEADER), in + in_len - res->window_len, res->window_len))
		return -EFAULT;
	return 0;
}

/* Whether this request completes with fault_status (module parameters, see the header comment). */
static bool model_take_fault(void)
{
	if (fault_count <= 0)
		return false;
	if (fault_skip > 0) {
		fault_skip--;
		return false;
	}
	fault_count--;
	return true;
}

/* Runs one SQE against the queue owner's memory. */
static void model_execute(struct model_queue *mq, u32 slot)
{
	u32 *sqe = mq->dus + slot * MODEL_SQE_SIZE;
	u32 in_len = READ_ONCE(sqe[4]);
	u32 control = READ_ONCE(sqe[7]);
	u8 alg = READ_ONCE(sqe[9]) & 0xFF;
	u32 cap = READ_ONCE(sqe[14]);
	u64 src = READ_ONCE(sqe[18]) | ((u64)READ_ONCE(sqe[19]) << 32);
	u64 dst = READ_ONCE(sqe[20]) | ((u64)READ_ONCE(sqe[21]) << 32);
	bool compress = mq->qc_type == 0;
	bool stream = control & DW7_STREAM;
	u32 type = control >> 28, want_type = qm_version >= 3 ? 3 : 0;
	u32 consumed = 0, produced = 0;
	u8 status = ST_HW_ERROR;
	u8 *buf = NULL, *in = NULL, *out = NULL;
	/* A stream piece's saved window goes in front of its input (see model_stream_compress). */
	u32 room = stream ? MODEL_WINDOW : 0;
	struct model_stream_result res = {};
	struct mm_struct *mm = mq->mm;
	bool known = alg == ALG_ZLIB || alg == ALG_GZIP || (alg == ALG_DEFLATE && qm_version >= 3);
	bool faulted = model_take_fault();

	if (!known || type != want_type || (stream && !compress) || in_len > MODEL_MAX_REQUEST ||
	    cap > MODEL_MAX_REQUEST + MODEL_MAX_REQUEST / 8 + 4096 || cap == 0)
		goto done;
	buf = kvmalloc(room + (in_len ? in_len : 1), GFP_KERNEL);
	out = kvmalloc(cap, GFP_KERNEL);
	if (!buf || !out || !mm || !mmget_not_zero(mm))
		goto done;
	in = buf + room;
	kthread_use_mm(mm);
	if (!copy_from_user(in, (const void __user *)src, in_len)) {
		if (stream)
			status = model_stream_compress(sqe, alg, in, in_len, out, cap, &produced, &res);
		else
			status = compress ? model_compress(alg, in, in_len, out, cap, &produced)
					  : model_decompress(alg, in, in_len, out, cap, &consumed, &produced);
		if (compress && status == ST_OK)
			consumed = in_len;
		if ((status == ST_OK || status == ST_DECOMP_END) &&
		    copy_to_user((void __user *)dst, out, produced))
			status = ST_HW_ERROR;
		if (stream && status == ST_OK && !faulted && model_stream_commit(sqe, in, in_len, &res))
			status = ST_HW_ERROR;
	}
	kthread_unuse_mm(mm);
	mmput(mm);
done:
	kvfree(buf);
	kvfree(out);
	if (faulted)
		status = fault_status;
	if (status != ST_OK && status != ST_DECOMP_END) {
		consumed = 0;
		produced = 0;
	}
	WRITE_ONCE(sqe[0], consumed);
	WRITE_ONCE(sqe[1], produced);
	if (stream) {
		bool ok = status == ST_OK;

		WRITE_ONCE(sqe[3], status | (ok && (control & DW7_FINISH) ? 0x100 : 0));
		if (ok) {
			WRITE_ONCE(sqe[15], res.ctx_dw0);
			WRITE_ONCE(sqe[28], 0);
			WRITE_ONCE(sqe[29], res.window_len);
		}
		WRITE_ONCE(sqe[30], ok ? res.isize : 0);
		WRITE_ONCE(sqe[31], ok ? res.checksum : 0);
	} else {
		WRITE_ONCE(sqe[3], status | ((status == ST_OK || status == ST_DECOMP_END) ? 0x100 : 0));
		WRITE_ONCE(sqe[30], compress && status == ST_OK ? in_len : produced);
		WRITE_ONCE(sqe[31], 0);
	}
	WRITE_ONCE(sqe[7], 0);	/* model only: marks the slot processed (see the header comment) */
	requests_done++;
	stream_requests += stream;
}

static void model_post(struct model_queue *mq, u32 slot)
{
	u8 *cqe = mq->dus + MODEL_CQ_OFFSET + mq->cq_tail * MODEL_CQE_SIZE;

	memset(cqe, 0, 14);
	*(u16 *)(cqe + 8) = slot;
	*(u16 *)(cqe + 10) = mq->id;
	smp_wmb();
	WRITE_ONCE(*(u16 *)(cqe + 14), mq->phase);
	if (++mq->cq_tail == MODEL_DEPTH) {
		mq->cq_tail = 0;
		mq->phase ^= 1;
	}
	atomic_set(&mq->updated, 1);
	if (mq->uq)
		wake_up_interruptible(&mq->uq->wait);
}

static bool slot_looks_submitted(struct model_queue *mq, u32 slot)
{
	u32 *sqe = mq->dus + slot * MODEL_SQE_SIZE;
	u32 control = READ_ONCE(sqe[7]);

	if (!(control & (DW7_NEW | DW7_STREAM)) || !READ_ONCE(sqe[14]) ||
	    !(READ_ONCE(sqe[20]) | READ_ONCE(sqe[21])))
		return false;
	if (!(control & DW7_STREAM))
		return true;
	/* The context address and carried words are written after the destination, dw31 last. */
	if (!(READ_ONCE(sqe[22]) | READ_ONCE(sqe[23])))
		return false;
	if (control & DW7_NEW)
		return true;
	return (READ_ONCE(sqe[9]) & 0xFF) == ALG_DEFLATE ? READ_ONCE(sqe[30]) != 0 : READ_ONCE(sqe[31]) != 0;
}

/* One pass over a started queue; true if it did work. Called with model_lock held. */
static bool model_step(struct model_queue *mq)
{
	u64 db = READ_ONCE(*(u64 *)(mq->mmio + doorbell_offset()));
	bool worked = false;

	if (db != mq->last_doorbell) {
		u32 cmd = qm_version == 1 ? (db >> 16) & 0xFFFF : (db >> 12) & 0xF;
		u32 qn = qm_version == 1 ? db & 0xFFFF : db & 0x3FF;
		u32 index = (db >> 32) & 0xFFFF;

		mq->last_doorbell = db;
		if (cmd == 0 && qn == mq->id && index < MODEL_DEPTH)
			mq->sq_tail = index;
	}
	if (mq->sq_head == mq->sq_tail && slot_looks_submitted(mq, mq->sq_head)) {
		if (!mq->pending_since) {
			mq->pending_since = ktime_get();
		} else if (ktime_ms_delta(ktime_get(), mq->pending_since) >= 2) {
			mq->sq_tail = (mq->sq_head + 1) % MODEL_DEPTH;
			recovered_doorbells++;
		}
	} else {
		mq->pending_since = 0;
	}
	virt_rmb();
	while (mq->sq_head != mq->sq_tail && mq->started) {
		u32 slot = mq->sq_head;

		model_execute(mq, slot);
		mq->sq_head = (slot + 1) % MODEL_DEPTH;
		model_post(mq, slot);
		worked = true;
	}
	if (worked)
		mq->pending_since = 0;
	return worked;
}

static int model_thread_fn(void *unused)
{
	while (!kthread_should_stop()) {
		bool any_started = false, worked = false;
		int i;

		mutex_lock(&model_lock);
		for (i = 0; i < nr_queues; i++) {
			struct model_queue *mq = &model_queues[i];

			if (mq->used && mq->started) {
				any_started = true;
				worked |= model_step(mq);
			}
		}
		mutex_unlock(&model_lock);
		if (worked)
			cond_resched();
		else if (any_started)
			usleep_range(100, 300);
		else
			msleep_interruptible(5);
	}
	return 0;
}

static void model_free(void)
{
	int i;

	for (i = 0; i < MODEL_MAX_QUEUES; i++) {
		vfree(model_queues[i].dus);
		vfree(model_queues[i].mmio);
	}
	vfree(deflate_ws);
	vfree(inflate_ws);
	vfree(prime_scratch);
}

static int __init model_init(void)
{
	struct uacce_interface iface = { .name = "hisi_zip", .ops = &model_ops };
	int i, ret;

	if (qm_version < 1 || qm_version > 3 || nr_queues < 1 || nr_queues > MODEL_MAX_QUEUES)
		return -EINVAL;
	iface.flags = sva ? UACCE_DEV_SVA : 0;
	dus_size = PAGE_ALIGN(MODEL_CQ_OFFSET + MODEL_CQE_SIZE * MODEL_DEPTH) + PAGE_SIZE;
	mmio_size = qm_version == 1 ? PAGE_SIZE : PAGE_SIZE + PAGE_ALIGN(0x1000);
	deflate_ws = vzalloc(zlib_deflate_workspacesize(-MAX_WBITS, DEF_MEM_LEVEL));
	inflate_ws = vzalloc(zlib_inflate_workspacesize());
	prime_scratch = vmalloc(PRIME_SCRATCH);
	if (!deflate_ws || !inflate_ws || !prime_scratch) {
		ret = -ENOMEM;
		goto err_free;
	}
	for (i = 0; i < nr_queues; i++) {
		model_queues[i].id = i;
		model_queues[i].dus = vmalloc_user(dus_size);
		model_queues[i].mmio = vmalloc_user(mmio_size);
		if (!model_queues[i].dus || !model_queues[i].mmio) {
			ret = -ENOMEM;
			goto err_free;
		}
	}

	model_pdev = platform_device_register_simple("hisi_zip_model", -1, NULL, 0);
	if (IS_ERR(model_pdev)) {
		ret = PTR_ERR(model_pdev);
		goto err_free;
	}
	model_uacce = uacce_alloc(&model_pdev->dev, &iface);
	if (IS_ERR(model_uacce)) {
		ret = PTR_ERR(model_uacce);
		goto err_pdev;
	}
	model_uacce->qf_pg_num[UACCE_QFRT_MMIO] = mmio_size >> PAGE_SHIFT;
	model_uacce->qf_pg_num[UACCE_QFRT_DUS] = dus_size >> PAGE_SHIFT;
	model_uacce->algs = qm_version >= 3 ? "zlib\ngzip\ndeflate" : "zlib\ngzip";
	model_uacce->api_ver = qm_version == 1 ? "hisi_qm_v1" : qm_version == 2 ? "hisi_qm_v2" : "hisi_qm_v3";
	ret = uacce_register(model_uacce);
	if (ret)
		goto err_uacce;

	model_thread = kthread_run(model_thread_fn, NULL, "hisi_zip_model");
	if (IS_ERR(model_thread)) {
		ret = PTR_ERR(model_thread);
		goto err_uacce;
	}
	pr_info("hisi_zip_model: %s, %d queues, flags %u, mmio %zu, dus %zu\n",
		model_uacce->api_ver, nr_queues, model_uacce->flags, mmio_size, dus_size);
	return 0;

err_uacce:
	uacce_remove(model_uacce);
err_pdev:
	platform_device_unregister(model_pdev);
err_free:
	model_free();
	return ret;
}

static void __exit model_exit(void)
{
	kthread_stop(model_thread);
	uacce_remove(model_uacce);
	platform_device_unregister(model_pdev);
	model_free();
}

module_init(model_init);
module_exit(model_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test-only model of a HiSilicon ZIP uacce device (WarpZip VM tests)");
