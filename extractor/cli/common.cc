#include "cli/common.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <streambuf>

#include "base/terminal.h"

#include "cli/options.h"
#include "input/reader.h"

namespace quarry::cli {

void PrintError(const std::string& message) { std::cerr << "quarry: " << TerminalSafe(message) << "\n"; }

namespace {

// std::cout's buffer when stdout is not a terminal: write(2) in 64 KiB blocks, remembering why
// a write failed (errno is long gone by the time FinishStdout looks). After a failure, output is
// dropped: the command goes on to its end, or stops early where it checks the stream.
class StdoutBuf : public std::streambuf {
 public:
  StdoutBuf() { setp(buf_, buf_ + sizeof buf_); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (Drain() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain(); }

 private:
  int Drain() {
    const char* p = pbase();
    size_t n = static_cast<size_t>(pptr() - pbase());
    while (n > 0 && error_ == 0) {
      ssize_t w = ::write(STDOUT_FILENO, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        error_ = errno;
        break;
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
    setp(buf_, buf_ + sizeof buf_);
    return error_ ? -1 : 0;
  }
  char buf_[1 << 16];
  int error_ = 0;
};

StdoutBuf* g_stdout_buf = nullptr;

}  // namespace

void InstallStdout() {
  if (g_stdout_buf || isatty(STDOUT_FILENO)) return;  // a terminal keeps line-buffered stdio
  // Never destroyed: std::cout is flushed by the runtime after every static object is gone, so
  // its buffer must outlive them (a function-static one was used after its destructor).
  g_stdout_buf = new StdoutBuf;
  std::cout.rdbuf(g_stdout_buf);
}

int FinishStdout(int exit_code) {
  errno = 0;
  std::cout.flush();
  int err = g_stdout_buf ? g_stdout_buf->error() : errno;
  bool failed = std::cout.bad();
  // stdio's stdout (extract's JSONL sink reports its own write errors as it goes).
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    if (!failed && exit_code == kExitOk) failed = true, err = errno;
  }
  if (!failed) return exit_code;
  if (err == EPIPE) return exit_code;  // SIGPIPE ignored (extract): the reader left, as intended
  PrintError(std::string("standard output: write failed") + (err ? std::string(": ") + std::strerror(err) : ""));
  return kExitUsage;
}

std::shared_ptr<const facts::Resources> LoadResources(Context& ctx) {
  std::string dir = GrammarDir(ctx);
  std::vector<std::string> errors;
  auto res = facts::Resources::Load(dir, &errors);
  if (!res) {
    for (const auto& e : errors) std::cerr << e << "\n";
    if (errors.empty()) PrintError(dir + ": cannot load grammar folder");
    ctx.exit_code = kExitUsage;
  }
  return res;
}

bool ReadDocuments(Context& ctx, const std::string& arg, const std::string& published, bool text_ok,
                   const std::function<void(const Document&)>& fn) {
  std::error_code ec;
  if (text_ok && arg != "-" && !std::filesystem::exists(arg, ec)) {
    Document d;
    d.id = "text";
    d.raw = arg;
    d.published = published;
    fn(d);
    return true;
  }
  input::ReadOptions opts;
  opts.published = published;
  bool failed = false;
  input::DocumentReader reader({arg}, opts, [&](const input::ReadError& e) {
    PrintError(e.ToString());
    failed = true;
  });
  std::string err;
  if (!reader.Validate(&err)) {
    PrintError(err);
    ctx.exit_code = kExitUsage;
    return false;
  }
  Document d;
  while (reader.Next(&d)) fn(d);
  if (failed) ctx.exit_code = kExitUsage;
  return true;
}

}  // namespace quarry::cli
