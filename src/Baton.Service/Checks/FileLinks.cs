using System.Runtime.InteropServices;

namespace Baton.Service.Checks;

/// <summary>
/// How many names (hard links) a regular file has. A second name inside the repository for a file outside it passes
/// every path test (no '..', no symbolic link), so a check or report that reads it would read the outside file; a
/// regular file with more than one link is refused instead. .NET does not expose the link count, hence the calls.
/// </summary>
internal static unsafe partial class FileLinks
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxNlink = 0x4;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    // struct statx is 256 bytes on every Linux architecture; macOS's struct stat is 144. Either fits.
    private const int BufferSize = 256;

    /// <summary>The link count of the regular file at <paramref name="path"/> (a final symbolic link is not followed);
    /// null when it is not a regular file, does not exist, or the platform cannot tell (Windows, a libc without statx).</summary>
    public static long? OfRegularFile(string path)
    {
        try
        {
            return OperatingSystem.IsLinux() ? ViaStatx(path)
                : OperatingSystem.IsMacOS() ? ViaLstat(path)
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            // statx came with glibc 2.28 and musl 1.2.5; an older libc cannot tell, and the check goes on without.
            return null;
        }
    }

    private static long? ViaStatx(string path)
    {
        var buffer = stackalloc byte[BufferSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxNlink, buffer) != 0)
        {
            return null;
        }
        // struct statx: u32 stx_mask at 0, u32 stx_nlink at 16, u16 stx_mode at 28.
        var mask = *(uint*)buffer;
        var mode = *(ushort*)(buffer + 28);
        if ((mask & (StatxType | StatxNlink)) != (StatxType | StatxNlink) || (mode & FileTypeMask) != RegularFile)
        {
            return null;
        }
        return *(uint*)(buffer + 16);
    }

    private static long? ViaLstat(string path)
    {
        var buffer = stackalloc byte[BufferSize];
        var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? LstatInode64(path, buffer) : Lstat(path, buffer);
        if (result != 0)
        {
            return null;
        }
        // struct stat (64-bit inodes): i32 st_dev at 0, u16 st_mode at 4, u16 st_nlink at 6.
        var mode = *(ushort*)(buffer + 4);
        return (mode & FileTypeMask) == RegularFile ? *(ushort*)(buffer + 6) : null;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lstat(string path, byte* buffer);

    // On Intel Macs the plain symbol keeps the old 32-bit inode layout for binary compatibility.
    [LibraryImport("libc", EntryPoint = "lstat$INODE64", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LstatInode64(string path, byte* buffer);
}
