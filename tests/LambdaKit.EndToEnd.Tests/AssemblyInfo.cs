using System.Runtime.Versioning;

// These tests publish a linux-x64 native executable and run it: they are Linux-only by nature.
[assembly: SupportedOSPlatform("linux")]
