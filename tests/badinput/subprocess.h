// Runs the built quarry binary (QUARRY_BIN) as a child process for the bad-input tests of the
// reader formats: stdout/stderr captured to files, a wall-clock limit (the child is killed past
// it, which the test then reports as a hang), and the child's exit code, signal and peak RSS.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace quarry::badinput {

struct RunResult {
  int exit_code = -1;   // when exited normally
  int signal = 0;       // when killed by a signal
  bool timed_out = false;
  double seconds = 0;
  long max_rss_mb = 0;
  std::string out, err;
  std::string Describe() const {
    std::ostringstream s;
    s << "exit " << exit_code << " signal " << signal << (timed_out ? " TIMED OUT" : "") << " in "
      << seconds << " s, peak RSS " << max_rss_mb << " MB\nstderr: " << err.substr(0, 2000);
    return s.str();
  }
};

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Runs `argv` (argv[0] is the program path) with stdin from `stdin_file` (or /dev/null).
inline RunResult RunProgram(const std::vector<std::string>& argv, const std::filesystem::path& scratch,
                            double timeout_s, const std::string& stdin_file = "/dev/null") {
  RunResult r;
  std::filesystem::create_directories(scratch);
  auto out_path = scratch / "stdout", err_path = scratch / "stderr";
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(stdin_file.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  for (;;) {
    pid_t w = wait4(pid, &status, WNOHANG, &ru);
    if (w == pid) break;
    double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (el > timeout_s && !r.timed_out) {
      r.timed_out = true;
      kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.max_rss_mb = ru.ru_maxrss / 1024;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = Slurp(out_path);
  r.err = Slurp(err_path);
  return r;
}

}  // namespace quarry::badinput
