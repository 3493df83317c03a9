// zlib: the natives of OTP 25's zlib.erl (open_nif/0 ... enqueue_nif/2),
// over the system zlib. zlib.erl itself is loaded unmodified.
//
// zlib.erl drives a stream in small steps: it queues the input with
// enqueue_nif/2, then calls deflate_nif/4 or inflate_nif/4 until the answer
// is {finished, Output}; each call consumes about one input chunk and
// produces at most one output chunk, so no call here runs long. Return
// shapes, error atoms and the end-of-stream behaviours are those of ERTS's
// zlib NIF: a zlib return code becomes an atom (ok, stream_end, buf_error,
// mem_error, ...) except Z_STREAM_ERROR and Z_DATA_ERROR, which are raised
// as stream_error and data_error.
//
// The handle is a NIF resource (term/resource.h), as in ERTS: a reference
// whose stream is freed when the last copy of it is garbage, whatever
// happened to its controlling process. Only the controlling process may
// use a stream; close_nif/1 ends its codec, and the handle then answers as
// a closed stream does in ERTS.
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

#include "bif/bif.h"
#include "bif/byte_queue.h"
#include "bif/iolist.h"
#include "etf/etf.h"
#include "term/binary.h"
#include "term/resource.h"

namespace girder {

namespace {

// ---- atoms ------------------------------------------------------------------

struct ZlibAtoms {
  Term already_initialized = atom_put("already_initialized");
  Term buf_error = atom_put("buf_error");
  Term continue_ = atom_put("continue");
  Term data_error = atom_put("data_error");
  Term empty = atom_put("empty");
  Term finished = atom_put("finished");
  Term mem_error = atom_put("mem_error");
  Term need_dictionary = atom_put("need_dictionary");
  Term not_initialized = atom_put("not_initialized");
  Term not_on_controlling_process = atom_put("not_on_controlling_process");
  Term stream_end = atom_put("stream_end");
  Term stream_error = atom_put("stream_error");
  Term unknown_error = atom_put("unknown_error");
  Term version_error = atom_put("version_error");
};
const ZlibAtoms& am() {
  static const ZlibAtoms atoms;
  return atoms;
}

// NIFs raise error:Reason (badarg too) with a stack frame that carries the
// arguments and no error_info, as ERTS builds it for a native function.
Term raise(Process* p, Term reason) { return bif_error_info(p, reason, NIL); }

// At most this many binaries are taken from enqueue_nif/2's list per call;
// the rest is handed back for the next call (ERTS's limit).
constexpr Uint ENQUEUE_MAX_ELEMENTS = 256;

// ---- streams ----------------------------------------------------------------

// What a stream is set up for; closed after close_nif/1 (for good).
enum class Mode : uint8_t { none, deflate, inflate, closed };

// What inflate does with input that follows the end of the stream
// (inflateInit/3's EoSBehavior, numbered as zlib.erl passes it).
constexpr int EOS_ERROR = 0;  // raise data_error
constexpr int EOS_RESET = 1;  // start a new stream (concatenated gzip members)
constexpr int EOS_CUT = 2;    // discard it

// inflateChunk/1's output size (deprecated getBufSize/setBufSize) of a new
// stream, as in ERTS.
constexpr int DEFAULT_CHUNK_BUFFER_SIZE = 4000;
// inflateGetDictionary/1's buffer: the largest window zlib keeps.
constexpr Uint INFLATE_DICTIONARY_MAX = 32768;

struct ZStream {
  z_stream zs{};  // zalloc/zfree Z_NULL: zlib's own allocator
  Mode mode = Mode::none;
  int eos_behavior = EOS_CUT;
  bool eos_seen = false;  // inflate has returned Z_STREAM_END
  bool raw = false;       // windowBits < 0: no zlib or gzip wrapper
  // The running crc32 of the uncompressed data for zlib:crc32/1
  // (deprecated); ERTS keeps it for raw streams only, and so do we.
  bool crc_of_input = false;   // raw deflate
  bool crc_of_output = false;  // raw inflate
  uLong input_crc = 0;
  uLong output_crc = 0;
  int chunk_buffer_size = DEFAULT_CHUNK_BUFFER_SIZE;
  // A local pid; set_controller_nif/2 changes it while other processes
  // may read it.
  std::atomic<Term> controller{THE_NON_VALUE};
  ByteQueue input;
  // The stash (zlib.erl's saved output across a need_dictionary error or a
  // deflateParams flush), in the external term format: it must live
  // outside every process heap.
  bool has_stash = false;
  std::vector<uint8_t> stash;

  ~ZStream() { end_codec(); }
  void end_codec() {
    if (mode == Mode::deflate) deflateEnd(&zs);
    if (mode == Mode::inflate) inflateEnd(&zs);
    mode = Mode::none;
  }
  void reset_input() {
    input.clear();
    has_stash = false;
    stash.clear();
  }
};

const ResourceType ZSTREAM_TYPE = {"gc_zlib", resource_destroy_object<ZStream>, nullptr};

// The stream of handle `t` if the caller controls it, or nullptr after
// raising badarg or not_on_controlling_process.
ZStream* own_stream(Process* p, Term t) {
  auto* z = static_cast<ZStream*>(resource_get(t, &ZSTREAM_TYPE));
  if (!z) {
    raise(p, atom::badarg);
    return nullptr;
  }
  if (z->controller.load(std::memory_order_acquire) != p->id) {
    raise(p, am().not_on_controlling_process);
    return nullptr;
  }
  return z;
}

// The caller's stream initialised for `mode`, or nullptr after raising
// badarg, not_on_controlling_process or not_initialized.
ZStream* stream_in_mode(Process* p, Term handle, Mode mode) {
  ZStream* z = own_stream(p, handle);
  if (z && z->mode != mode) {
    raise(p, am().not_initialized);
    return nullptr;
  }
  return z;
}

// ERTS's enif_get_int: a small integer that fits in a C int.
bool get_int(Term t, int* out) {
  if (!is_small(t)) return false;
  Sint v = small_value(t);
  if (v < INT_MIN || v > INT_MAX) return false;
  *out = int(v);
  return true;
}

// An iolist argument as bytes; false if it is not an iolist.
bool get_iolist_bytes(Term t, std::vector<uint8_t>* out) {
  Uint n;
  if (!iolist_size(t, &n)) return false;
  out->resize(n);
  if (n) iolist_copy(t, out->data());
  return true;
}

// A checksum as ERTS returns it from these NIFs: through a C int, so that
// values of 2^31 and above come out negative.
Term checksum_as_int(uLong sum) { return make_small(Sint(int32_t(uint32_t(sum)))); }

// A zlib return code as the NIF's answer.
Term zlib_result(Process* p, int code) {
  switch (code) {
    case Z_OK: return atom::ok;
    case Z_STREAM_END: return am().stream_end;
    case Z_ERRNO: return make_small(errno);
    case Z_STREAM_ERROR: return raise(p, am().stream_error);
    case Z_DATA_ERROR: return raise(p, am().data_error);
    case Z_MEM_ERROR: return am().mem_error;
    case Z_BUF_ERROR: return am().buf_error;
    case Z_VERSION_ERROR: return am().version_error;
    default: return am().unknown_error;
  }
}

using CodecFn = int (*)(z_streamp, int);

// One step of deflate or inflate (deflate_nif/4, inflate_nif/4). Feeds
// queued input, slice by slice, with Z_NO_FLUSH, until about one input
// chunk is consumed, the output chunk is full or zlib stops; only when the
// queue is then empty does it call the codec with `flush`. Answers
//   {finished, Out}: the queue is empty and the output did not fill up;
//   {continue, Out}: call again;
//   {need_dictionary, Adler, Out}: inflate needs inflateSetDictionary;
// where Out is [] or [Binary]. A step that makes no progress on pending
// input raises data_error (garbage after a stream's end does this).
//
// ERTS stops feeding slices when the process's time slice runs out (each
// slice costs its share of an input chunk, at least 1%); Girder cannot see
// the interpreter's reduction budget from a BIF, so the slice is counted
// within the call, which is where ERTS stops at the latest. Results differ
// at most in where output is split between steps.
Term codec_step(Process* p, ZStream& z, CodecFn codec, int in_chunk, int out_size, int flush) {
  if (out_size < 0) return zlib_result(p, Z_MEM_ERROR);  // ERTS cannot allocate it either
  Binary* out = binary_alloc(Uint(out_size));
  z_stream& zs = z.zs;
  zs.next_out = out->data;
  zs.avail_out = uInt(out_size);

  int res = Z_OK;
  Uint consumed = 0;
  Uint slice_percent = 0;
  for (size_t i = 0; res == Z_OK && in_chunk > 0 && consumed < Uint(in_chunk) &&
                     i < z.input.slice_count();
       i++) {
    const ByteQueue::Slice& s = z.input.slice(i);
    Uint block = std::min(s.size, Uint(in_chunk));
    zs.next_in = const_cast<Bytef*>(s.bytes);
    zs.avail_in = uInt(block);
    res = codec(&zs, Z_NO_FLUSH);
    Uint used = block - zs.avail_in;
    consumed += used;
    if (z.crc_of_input) z.input_crc = crc32_z(z.input_crc, s.bytes, used);
    slice_percent += std::max(Uint(1), 100 * used / Uint(in_chunk));
    // A slice left unfinished (output full, or zlib stopped) ends the step:
    // the next slice must not be fed before it.
    if (slice_percent >= 100 || used < s.size) break;
  }
  z.input.drop(consumed);
  Uint remaining = z.input.size();
  if (res == Z_OK && remaining == 0 && zs.avail_out > 0) {
    // All input is in: flush (a no-op with Z_NO_FLUSH and nothing pending;
    // needed also when the previous step stopped on a full output chunk).
    zs.next_in = Z_NULL;
    zs.avail_in = 0;
    res = codec(&zs, flush);
  }
  Uint produced = Uint(out_size) - zs.avail_out;
  zs.next_in = Z_NULL;  // the queue's memory may go before the next call
  zs.avail_in = 0;
  zs.next_out = Z_NULL;
  zs.avail_out = 0;

  if (res < 0 && res != Z_BUF_ERROR) {
    binary_decref(out);
    return zlib_result(p, res);
  }
  if (res == Z_STREAM_END) z.eos_seen = true;
  if (z.crc_of_output) z.output_crc = crc32_z(z.output_crc, out->data, produced);
  if (consumed == 0 && produced == 0 && remaining != 0) {
    binary_decref(out);
    return zlib_result(p, Z_DATA_ERROR);
  }

  Heap& h = p->heap;
  Term output = NIL;
  if (produced > 0) {
    output = make_cons(h, take_binary(h, out, produced), NIL);
  } else {
    binary_decref(out);
  }
  if (remaining == 0 && produced < Uint(out_size)) return make_tuple(h, {am().finished, output});
  if (res != Z_NEED_DICT) return make_tuple(h, {am().continue_, output});
  return make_tuple(h, {am().need_dictionary, checksum_as_int(zs.adler), output});
}

}  // namespace

// ---- open, close, controller --------------------------------------------------

Term zlib_open_nif_0(Process* p, Term*) {
  ZStream* z = resource_new<ZStream>(&ZSTREAM_TYPE);
  z->controller.store(p->id, std::memory_order_release);
  return resource_hand_to_term(p->heap, z);
}

Term zlib_close_nif_1(Process* p, Term* args) {
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  if (z->mode == Mode::closed) return raise(p, am().not_initialized);
  z->end_codec();
  z->reset_input();
  z->mode = Mode::closed;
  return atom::ok;
}

Term zlib_set_controller_nif_2(Process* p, Term* args) {
  Term pid = args[1];
  if (!is_local_pid(pid)) return raise(p, atom::badarg);
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  z->controller.store(pid, std::memory_order_release);
  return atom::ok;
}

// ---- deflate ------------------------------------------------------------------

Term zlib_deflateInit_nif_6(Process* p, Term* args) {
  int level, method, window_bits, mem_level, strategy;
  if (!get_int(args[1], &level) || !get_int(args[2], &method) ||
      !get_int(args[3], &window_bits) || !get_int(args[4], &mem_level) ||
      !get_int(args[5], &strategy)) {
    return raise(p, atom::badarg);
  }
  ZStream* zp = own_stream(p, args[0]);
  if (!zp) return THE_NON_VALUE;
  ZStream& z = *zp;
  if (z.mode != Mode::none) return raise(p, am().already_initialized);
  int res = deflateInit2(&z.zs, level, method, window_bits, mem_level, strategy);
  if (res == Z_OK) {
    z.mode = Mode::deflate;
    z.eos_seen = false;
    z.raw = window_bits < 0;
    z.crc_of_input = z.raw;
    z.crc_of_output = false;
    z.input_crc = z.output_crc = crc32(0, Z_NULL, 0);
  }
  return zlib_result(p, res);
}

Term zlib_deflateSetDictionary_nif_2(Process* p, Term* args) {
  std::vector<uint8_t> dict;
  if (!get_iolist_bytes(args[1], &dict)) return raise(p, atom::badarg);
  ZStream* z = stream_in_mode(p, args[0], Mode::deflate);
  if (!z) return THE_NON_VALUE;
  int res = deflateSetDictionary(&z->zs, dict.data(), uInt(dict.size()));
  if (res != Z_OK) return zlib_result(p, res);
  // A raw stream has no checksum of its own (zs.adler is not updated);
  // answer with the dictionary's, computed from 0 as ERTS does.
  uLong sum = z->raw ? adler32_z(0, dict.data(), dict.size()) : z->zs.adler;
  return checksum_as_int(sum);
}

Term zlib_deflateReset_nif_1(Process* p, Term* args) {
  ZStream* z = stream_in_mode(p, args[0], Mode::deflate);
  if (!z) return THE_NON_VALUE;
  int res = deflateReset(&z->zs);
  z->input_crc = crc32(0, Z_NULL, 0);
  z->eos_seen = false;
  z->reset_input();
  return zlib_result(p, res);
}

Term zlib_deflateEnd_nif_1(Process* p, Term* args) {
  ZStream* z = stream_in_mode(p, args[0], Mode::deflate);
  if (!z) return THE_NON_VALUE;
  int res = deflateEnd(&z->zs);
  // unconsumed input is lost data, as zlib's own Z_DATA_ERROR for pending output
  if (res == Z_OK && z->input.size() > 0) res = Z_DATA_ERROR;
  z->reset_input();
  z->mode = Mode::none;
  return zlib_result(p, res);
}

Term zlib_deflateParams_nif_3(Process* p, Term* args) {
  int level, strategy;
  if (!get_int(args[1], &level) || !get_int(args[2], &strategy)) return raise(p, atom::badarg);
  ZStream* z = stream_in_mode(p, args[0], Mode::deflate);
  if (!z) return THE_NON_VALUE;
  // zlib.erl has flushed the stream (deflate with sync) just before, so
  // deflateParams has nothing to write; it gets a one-byte buffer, and
  // writing into it means that assumption failed. (The byte of room also
  // keeps zlib versions that answer Z_BUF_ERROR to a zero-size buffer
  // quiet.)
  Bytef probe;
  z->zs.next_out = &probe;
  z->zs.avail_out = 1;
  int res = deflateParams(&z->zs, level, strategy);
  bool wrote = z->zs.avail_out == 0;
  z->zs.next_out = Z_NULL;
  z->zs.avail_out = 0;
  if (wrote) return zlib_result(p, Z_STREAM_ERROR);
  return zlib_result(p, res);
}

Term zlib_deflate_nif_4(Process* p, Term* args) {
  int in_chunk, out_chunk, flush;
  if (!get_int(args[1], &in_chunk) || !get_int(args[2], &out_chunk) ||
      !get_int(args[3], &flush)) {
    return raise(p, atom::badarg);
  }
  ZStream* z = stream_in_mode(p, args[0], Mode::deflate);
  if (!z) return THE_NON_VALUE;
  return codec_step(p, *z, &deflate, in_chunk, out_chunk, flush);
}

// ---- inflate ------------------------------------------------------------------

Term zlib_inflateInit_nif_3(Process* p, Term* args) {
  int window_bits, eos_behavior;
  if (!get_int(args[1], &window_bits) || !get_int(args[2], &eos_behavior)) {
    return raise(p, atom::badarg);
  }
  ZStream* zp = own_stream(p, args[0]);
  if (!zp) return THE_NON_VALUE;
  ZStream& z = *zp;
  if (z.mode != Mode::none) return raise(p, am().already_initialized);
  int res = inflateInit2(&z.zs, window_bits);
  if (res == Z_OK) {
    z.mode = Mode::inflate;
    z.eos_behavior = eos_behavior;
    z.eos_seen = false;
    z.raw = window_bits < 0;
    z.crc_of_input = false;
    z.crc_of_output = z.raw;
    z.input_crc = z.output_crc = crc32(0, Z_NULL, 0);
  }
  return zlib_result(p, res);
}

Term zlib_inflateSetDictionary_nif_2(Process* p, Term* args) {
  std::vector<uint8_t> dict;
  if (!get_iolist_bytes(args[1], &dict)) return raise(p, atom::badarg);
  ZStream* z = stream_in_mode(p, args[0], Mode::inflate);
  if (!z) return THE_NON_VALUE;
  return zlib_result(p, inflateSetDictionary(&z->zs, dict.data(), uInt(dict.size())));
}

Term zlib_inflateGetDictionary_nif_1(Process* p, Term* args) {
  ZStream* z = stream_in_mode(p, args[0], Mode::inflate);
  if (!z) return THE_NON_VALUE;
  std::vector<uint8_t> dict(INFLATE_DICTIONARY_MAX);
  uInt len = 0;
  int res = inflateGetDictionary(&z->zs, dict.data(), &len);
  if (res < 0) return zlib_result(p, res);
  return new_binary(p->heap, dict.data(), len);
}

Term zlib_inflateReset_nif_1(Process* p, Term* args) {
  ZStream* z = stream_in_mode(p, args[0], Mode::inflate);
  if (!z) return THE_NON_VALUE;
  int res = inflateReset(&z->zs);
  z->output_crc = crc32(0, Z_NULL, 0);
  z->eos_seen = false;
  z->reset_input();
  return zlib_result(p, res);
}

Term zlib_inflateEnd_nif_1(Process* p, Term* args) {
  ZStream* z = stream_in_mode(p, args[0], Mode::inflate);
  if (!z) return THE_NON_VALUE;
  int res = inflateEnd(&z->zs);
  // a stream that never reached its end, or left input, was truncated
  // or followed by garbage
  if (res == Z_OK && (!z->eos_seen || z->input.size() > 0)) res = Z_DATA_ERROR;
  z->reset_input();
  z->mode = Mode::none;
  return zlib_result(p, res);
}

Term zlib_inflate_nif_4(Process* p, Term* args) {
  int in_chunk, out_chunk, flush;
  if (!get_int(args[1], &in_chunk) || !get_int(args[2], &out_chunk) ||
      !get_int(args[3], &flush)) {
    return raise(p, atom::badarg);
  }
  ZStream* z = stream_in_mode(p, args[0], Mode::inflate);
  if (!z) return THE_NON_VALUE;
  if (z->eos_seen && z->input.size() > 0) {
    switch (z->eos_behavior) {
      case EOS_ERROR:
        return zlib_result(p, Z_DATA_ERROR);
      case EOS_RESET: {
        int res = inflateReset(&z->zs);
        if (res != Z_OK) return zlib_result(p, res);
        z->eos_seen = false;
        break;
      }
      case EOS_CUT:
        z->reset_input();
        break;
      default:  // other values: carry on as if the stream had not ended (ERTS)
        break;
    }
  }
  return codec_step(p, *z, &inflate, in_chunk, out_chunk, flush);
}

// ---- checksum, stash, chunk size, input --------------------------------------

Term zlib_crc32_nif_1(Process* p, Term* args) {
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  if (z->mode == Mode::deflate) return make_uinteger(p->heap, z->input_crc);
  if (z->mode == Mode::inflate) return make_uinteger(p->heap, z->output_crc);
  return raise(p, am().not_initialized);
}

Term zlib_getStash_nif_1(Process* p, Term* args) {
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  if (!z->has_stash) return am().empty;
  Term t = etf_decode(p->heap, z->stash.data(), z->stash.size(), EtfDecodeOptions{});
  if (!is_value(t)) return raise(p, atom::badarg);  // cannot happen: we encoded it
  return make_tuple(p->heap, {atom::ok, t});
}

Term zlib_clearStash_nif_1(Process* p, Term* args) {
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  if (!z->has_stash) return raise(p, atom::error);
  z->has_stash = false;
  z->stash.clear();
  return atom::ok;
}

Term zlib_setStash_nif_2(Process* p, Term* args) {
  Term t = args[1];
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  if (z->has_stash) return raise(p, atom::error);
  std::vector<uint8_t> bytes;
  if (!etf_encode(t, EtfEncodeOptions{}, bytes)) return raise(p, atom::badarg);
  z->stash = std::move(bytes);
  z->has_stash = true;
  return atom::ok;
}

Term zlib_getBufSize_nif_1(Process* p, Term* args) {
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  return make_small(z->chunk_buffer_size);
}

Term zlib_setBufSize_nif_2(Process* p, Term* args) {
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  int size;
  if (!get_int(args[1], &size)) return raise(p, atom::badarg);
  z->chunk_buffer_size = size;
  return atom::ok;
}

Term zlib_enqueue_nif_2(Process* p, Term* args) {
  Term list = args[1];
  ZStream* z = own_stream(p, args[0]);
  if (!z) return THE_NON_VALUE;
  if (z->mode != Mode::deflate && z->mode != Mode::inflate) return raise(p, am().not_initialized);
  Uint taken;
  Term rest;
  if (!scan_iovec(list, ENQUEUE_MAX_ELEMENTS, &taken, &rest)) return raise(p, atom::badarg);
  Term t = list;
  for (Uint i = 0; i < taken; i++, t = cdr(t)) enqueue_bitstring(z->input, car(t));
  if (!is_nil(rest)) return make_tuple(p->heap, {am().continue_, rest});
  return atom::ok;
}

}  // namespace girder
