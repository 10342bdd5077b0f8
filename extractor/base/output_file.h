// OutputFile: writes a file that replaces PATH only once it is complete. The content goes to a
// temporary that mkstemp creates beside PATH (so no planted name is ever followed), is synced,
// and is renamed over PATH on Commit(). A PATH that exists and is not a regular file (a symlink,
// FIFO, device node, socket or directory) is refused before anything is written. If Commit() is
// not reached or fails, the temporary is removed and PATH is left as it was.
#pragma once

#include <ext/stdio_filebuf.h>

#include <memory>
#include <ostream>
#include <string>

namespace quarry {

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();  // removes the temporary unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Checks PATH and creates the temporary. False + a one-line *error naming PATH.
  bool Open(const std::string& path, std::string* error);
  // The temporary's stream (valid after a successful Open).
  std::ostream& stream() { return *stream_; }
  // Flushes, syncs, and renames the temporary over PATH. False + *error (temporary removed).
  bool Commit(std::string* error);

 private:
  void Discard();
  std::string path_, tmp_;
  int fd_ = -1;
  std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> buf_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

}  // namespace quarry
