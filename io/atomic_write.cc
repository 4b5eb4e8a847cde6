#include "io/atomic_write.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/errors.h"

namespace statecraft::io {

void write_file_atomically(const std::string& path, const std::string& content) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path target(path);
  if (target.filename().empty()) throw OutputError(path, "expected a file name, got a directory");
  const std::string temp = fmt::format("{}.tmp-{}-{}", path, ::getpid(), counter++);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError(path, fmt::format("cannot write: {}", std::strerror(errno)));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      throw OutputError(path, fmt::format("cannot write: {}", std::strerror(err)));
    }
    done += std::size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw OutputError(path, fmt::format("cannot write: {}", std::strerror(err)));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw OutputError(path, fmt::format("cannot write: {}", std::strerror(err)));
  }
}

}  // namespace statecraft::io
