#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compute sriov_pf's derived VF MAC from a PF permanent MAC and a VF index.

An independent implementation of the formula documented in
Documentation/networking/device_drivers/ethernet/sriov_pf.rst, used by the
documentation's worked example and by the tests to check the driver.

    sriov_pf_mac.py 52:54:00:12:34:56 0 [attempt]
"""
import struct
import sys

KEY = b"sriov_pf/derived"
MASK = 0xFFFFFFFFFFFFFFFF


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def siphash24(key, data):
    k0, k1 = struct.unpack("<QQ", key)
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rnd():
        nonlocal v0, v1, v2, v3
        v0 = (v0 + v1) & MASK
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & MASK
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & MASK
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & MASK
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)

    n = len(data)
    tail = data[n - n % 8:] + b"\0" * 8
    b = ((n & 0xFF) << 56) | struct.unpack("<Q", tail[:8])[0]
    for i in range(0, n - n % 8, 8):
        m = struct.unpack("<Q", data[i:i + 8])[0]
        v3 ^= m
        rnd(); rnd()
        v0 ^= m
    v3 ^= b
    rnd(); rnd()
    v0 ^= b
    v2 ^= 0xFF
    rnd(); rnd(); rnd(); rnd()
    return v0 ^ v1 ^ v2 ^ v3


def derived_mac(perm, vf, attempt=0):
    p = int(perm.replace(":", "").replace("-", ""), 16)
    h = siphash24(KEY, struct.pack("<QQQ", p, vf, attempt))
    mac = [(h >> (8 * i)) & 0xFF for i in range(6)]
    mac[0] = (mac[0] & 0xFC) | 0x02
    return ":".join("%02x" % b for b in mac)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    print(derived_mac(sys.argv[1], int(sys.argv[2]),
                      int(sys.argv[3]) if len(sys.argv) > 3 else 0))
