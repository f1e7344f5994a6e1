using System.Reflection;
using System.Runtime.InteropServices;

namespace Orders.Kafka.Native;

/// <summary>
/// Makes Confluent.Kafka's native library (librdkafka) loadable on Debian 12 and the usual .NET
/// container images.
/// </summary>
/// <remarks>
/// <para>
/// Why: librdkafka.redist ships a generic linux-x64 <c>librdkafka.so</c> that is dynamically linked
/// against <c>libsasl2.so.3</c> (Cyrus SASL). Debian 12 and the Microsoft .NET images do not have that
/// library, so <c>dlopen("librdkafka.so")</c> fails and every Confluent.Kafka client throws
/// <see cref="DllNotFoundException"/>. The same package also ships <c>centos8-librdkafka.so</c>
/// (and <c>alpine-librdkafka.so</c> for musl), which link everything statically except the C library
/// and load fine there.
/// </para>
/// <para>
/// How: a <see cref="NativeLibrary.SetDllImportResolver"/> on the Confluent.Kafka assembly answers
/// every <c>librdkafka</c> request with <see cref="LoadLibrdkafka"/>: the normal load first (so a
/// machine where the generic build works, or a system librdkafka, is used as is), then the
/// package's <c>centos8-librdkafka.so</c>, then <c>alpine-librdkafka.so</c>.
/// </para>
/// <para>
/// We deliberately do not call <c>Confluent.Kafka.Library.Load(path)</c>: on Linux it P/Invokes
/// <c>dlopen</c> from <c>libdl.so</c> (the unversioned development symlink), which is absent on
/// these machines too, so it fails before it ever reaches librdkafka.
/// </para>
/// <para>
/// The resolver must be in place before Confluent.Kafka makes its first native call (the first
/// producer, consumer or admin client built in the process). Call <see cref="EnsureInstalled"/>
/// early, e.g. from a module initializer or at the top of <c>Main</c>.
/// </para>
/// </remarks>
public static class ConfluentNativeLibrary
{
    /// <summary>The library name Confluent.Kafka (and our own P/Invokes) ask for.</summary>
    public const string LibraryName = "librdkafka";

    private static readonly Lock Gate = new();
    private static volatile bool _installed;
    private static IntPtr _handle;
    private static string? _loadedFrom;

    /// <summary>
    /// Where the loaded librdkafka came from: "librdkafka" for the normal probe, or the full path of the
    /// fallback file. Null until <see cref="LoadLibrdkafka"/> has succeeded.
    /// </summary>
    public static string? LoadedFrom
    {
        get
        {
            lock (Gate)
            {
                return _loadedFrom;
            }
        }
    }

    /// <summary>
    /// Installs the resolver on the Confluent.Kafka assembly. Idempotent and thread-safe: the
    /// resolver is installed once per process, later calls return immediately.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Another component already installed a different resolver on the Confluent.Kafka assembly
    /// (.NET allows one resolver per assembly).
    /// </exception>
    public static void EnsureInstalled()
    {
        if (_installed)
        {
            return;
        }

        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
            _installed = true;
        }
    }

    /// <summary>
    /// Loads librdkafka once per process (normal probe, then the package's centos8 and alpine builds)
    /// and returns its handle. Every later call returns the same handle, so other assemblies whose
    /// P/Invokes name "librdkafka" can install their own resolver returning this handle and share the
    /// very library instance Confluent.Kafka uses.
    /// </summary>
    /// <exception cref="DllNotFoundException">No candidate could be loaded.</exception>
    public static IntPtr LoadLibrdkafka()
    {
        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
            {
                return _handle;
            }

            var confluent = typeof(Confluent.Kafka.Library).Assembly;
            var tried = new List<string>();

            // 1. The normal load: the runtime probes the app's native asset folders (deps.json,
            //    runtimes/<rid>/native) and the system search path. This works where the generic
            //    build's dependencies exist, or where a system librdkafka is installed. The resolver
            //    is not re-entered by NativeLibrary.TryLoad, so this is safe from inside Resolve.
            if (NativeLibrary.TryLoad(LibraryName, confluent, null, out var handle))
            {
                _handle = handle;
                _loadedFrom = LibraryName;
                return _handle;
            }

            tried.Add(LibraryName + " (default probing)");

            // 2. The package's self-contained builds, found where the SDK copies them.
            foreach (var path in FallbackCandidates(confluent))
            {
                tried.Add(path);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle))
                {
                    _handle = handle;
                    _loadedFrom = path;
                    return _handle;
                }
            }

            throw new DllNotFoundException(
                "Could not load librdkafka. The generic build needs libsasl2.so.3, which this system lacks, " +
                "and no loadable centos8-/alpine-librdkafka.so was found. Tried: " + string.Join("; ", tried));
        }
    }

    private static int _failureReported;

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        // Confluent.Kafka declares "librdkafka" and, in its Linux fallbacks, "centos8-librdkafka" and
        // "alpine-librdkafka". Answer all of them with the one library we loaded, so the process never
        // holds two copies of librdkafka.
        if (!IsLibrdkafkaName(libraryName))
        {
            return IntPtr.Zero; // not ours: default probing
        }

        try
        {
            return LoadLibrdkafka();
        }
        catch (DllNotFoundException e)
        {
            // The runtime's own error names only the library; what was tried, and why, is said here once.
            if (Interlocked.Exchange(ref _failureReported, 1) == 0) Console.Error.WriteLine($"Orders.Kafka.Native: {e.Message}");
            return IntPtr.Zero; // let the runtime try its own way
        }
    }

    private static bool IsLibrdkafkaName(string libraryName)
    {
        var name = Path.GetFileNameWithoutExtension(libraryName);
        return name.EndsWith(LibraryName, StringComparison.Ordinal)
               && (name.Length == LibraryName.Length || name[name.Length - LibraryName.Length - 1] == '-');
    }

    private static IEnumerable<string> FallbackCandidates(Assembly confluent)
    {
        // Files as shipped in librdkafka.redist 2.16.0: runtimes/linux-x64/native/{librdkafka,
        // centos8-librdkafka, alpine-librdkafka}.so; linux-arm64 has librdkafka and alpine-librdkafka.
        // A framework-dependent build copies them to bin/.../runtimes/<rid>/native/; a RID-specific
        // build or publish flattens them next to the app.
        var fileNames = new[] { "centos8-librdkafka.so", "alpine-librdkafka.so" };
        var rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        var directories = new List<string>();
        void AddBase(string? baseDirectory)
        {
            if (string.IsNullOrEmpty(baseDirectory))
            {
                return;
            }

            directories.Add(Path.Combine(baseDirectory, "runtimes", rid, "native"));
            directories.Add(baseDirectory);
        }

        AddBase(AppContext.BaseDirectory);
        AddBase(string.IsNullOrEmpty(confluent.Location) ? null : Path.GetDirectoryName(confluent.Location));

        // The host's native search directories (covers test hosts and apps run from the NuGet cache layout).
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            directories.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fileName in fileNames)
        {
            foreach (var directory in directories)
            {
                var path = Path.GetFullPath(Path.Combine(directory, fileName));
                if (seen.Add(path))
                {
                    yield return path;
                }
            }
        }
    }
}
