// SqliteSink and JsonlSink.
#include "store/sink.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "store/fact_json.h"

namespace quarry::store {
namespace {

class Timer {
 public:
  explicit Timer(double* acc) : acc_(acc), t0_(std::chrono::steady_clock::now()) {}
  ~Timer() { *acc_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }

 private:
  double* acc_;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace

SqliteSink::~SqliteSink() {
  if (store_->InTransaction()) store_->Rollback();
}

bool SqliteSink::Put(const DocumentRecord& doc, const std::vector<Fact>& facts, PutResult* result,
                     std::string* error) {
  Timer t(&seconds_);
  if (!store_->InTransaction() && !store_->Begin(error)) return false;
  if (!store_->PutDocument(doc, facts, run_id_, replace_by_doc_id_, result, error)) {
    store_->Rollback();
    return false;
  }
  return true;
}

bool SqliteSink::Flush(std::string* error) {
  Timer t(&seconds_);
  if (!store_->InTransaction()) return true;
  return store_->Commit(error);
}

bool JsonlSink::Put(const DocumentRecord& doc, const std::vector<Fact>& facts, PutResult* result,
                    std::string* error) {
  Timer t(&seconds_);
  // The last 16 hex digits of the hash, whatever its kind (an "xxh128:" prefix is not hex).
  const std::string& h = doc.content_hash;
  uint64_t key = std::strtoull(h.substr(h.size() > 16 ? h.size() - 16 : 0).c_str(), nullptr, 16);
  if (!seen_.insert(key).second) {
    *result = PutResult::kSkipped;
    return true;
  }
  for (const auto& f : facts) {
    AppendFactJson(f, &buf_);
    buf_ += '\n';
  }
  *result = PutResult::kInserted;
  // Lines go out in pieces of about kJsonlChunk whatever the batch size (a batch is sized for
  // SQLite's transactions): memory stays flat and a reader down the pipe sees facts as they come.
  if (buf_.size() >= kJsonlChunk) return WriteOut(error);
  return true;
}

// The reader of our output went away (`quarry extract --format jsonl ... | head -1`): stop
// quietly the way Unix filters do, by dying of SIGPIPE (exit status 141), with no message.
[[noreturn]] void DieOfClosedPipe() {
  std::signal(SIGPIPE, SIG_DFL);
  std::raise(SIGPIPE);
  std::_Exit(141);
}

bool JsonlSink::Flush(std::string* error) {
  Timer t(&seconds_);
  if (!WriteOut(error)) return false;
  if (std::fflush(out_) != 0) {
    if (errno == EPIPE) DieOfClosedPipe();
    *error = std::string("stdout: ") + std::strerror(errno);
    return false;
  }
  return true;
}

bool JsonlSink::WriteOut(std::string* error) {
  if (!buf_.empty()) {
    size_t n = std::fwrite(buf_.data(), 1, buf_.size(), out_);
    bool short_write = n < buf_.size();
    buf_.clear();
    if (short_write) {
      if (errno == EPIPE) DieOfClosedPipe();
      *error = std::string("stdout: ") + std::strerror(errno);
      return false;
    }
  }
  return true;
}

}  // namespace quarry::store
