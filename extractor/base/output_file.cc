#include "base/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace quarry {
namespace {

// Why `st` is not something a file may be written over, or nullptr for a regular file.
const char* NotRegular(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return nullptr;
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device node";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a plain file";
}

// lstat(path) refused when it exists and is not regular; *mode gets its permission bits.
bool CheckTarget(const std::string& path, mode_t* mode, std::string* error) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return true;
    *error = path + ": cannot write: " + std::strerror(errno);
    return false;
  }
  if (const char* what = NotRegular(st)) {
    *error = path + ": exists and is not a regular file (" + what + "); refusing to replace it";
    return false;
  }
  if (mode) *mode = st.st_mode & 07777;
  return true;
}

}  // namespace

OutputFile::~OutputFile() {
  if (!committed_) Discard();
}

void OutputFile::Discard() {
  stream_.reset();
  buf_.reset();  // closes fd_
  fd_ = -1;
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
  tmp_.clear();
}

bool OutputFile::Open(const std::string& path, std::string* error) {
  path_ = path;
  // A new file gets 0666 less the umask, as the shell would give it; a replaced one keeps its mode.
  mode_t mask = ::umask(0);
  ::umask(mask);
  mode_t mode = 0666 & ~mask;
  if (!CheckTarget(path, &mode, error)) return false;
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  tmp_ = dir + "." + base + ".XXXXXX";
  fd_ = ::mkstemp(tmp_.data());
  if (fd_ < 0) {
    *error = path + ": cannot create a temporary file beside it: " + std::strerror(errno);
    tmp_.clear();
    return false;
  }
  ::fchmod(fd_, mode);
  buf_ = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd_, std::ios::out | std::ios::binary, 1 << 16);
  stream_ = std::make_unique<std::ostream>(buf_.get());
  return true;
}

bool OutputFile::Commit(std::string* error) {
  if (!stream_) {
    *error = path_ + ": not open";
    return false;
  }
  stream_->flush();
  bool ok = static_cast<bool>(*stream_);
  int err = ok ? 0 : errno;
  if (ok && ::fsync(fd_) != 0) ok = false, err = errno;
  stream_.reset();
  if (buf_ && buf_->close() == nullptr && ok) ok = false, err = errno;
  buf_.reset();
  fd_ = -1;
  if (!ok) {
    *error = path_ + ": write failed: " + std::strerror(err ? err : EIO);
    Discard();
    return false;
  }
  // PATH may have been replaced by something else while the file was written.
  if (!CheckTarget(path_, nullptr, error)) {
    Discard();
    return false;
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    *error = path_ + ": cannot write: " + std::strerror(errno);
    Discard();
    return false;
  }
  tmp_.clear();
  committed_ = true;
  return true;
}

}  // namespace quarry
