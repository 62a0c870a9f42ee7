/* Test tooling for Wine only, never shipped: Debian 12's Wine 8 lacks bcryptprimitives.dll,
 * whose ProcessPrng Rust's standard library calls for randomness, so a current Rust .exe stops
 * at load (status c0000135). Real Windows 10 and later have the DLL. This one fills the buffer
 * through advapi32's SystemFunction036 (RtlGenRandom), which Wine has.
 * Built by .ci/wine-prefix: x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll ... -ladvapi32 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
