#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""List the VF MACs sriov_pf hands out, before the VFs exist.

An independent implementation of the derived MAC formula of
Documentation/networking/device_drivers/ethernet/sriov_pf.rst (mac.c in
the driver), for DHCP and IPAM reservations, the documentation's worked
example, and the tests that check the driver.
"""
import argparse
import ctypes
import errno
import fcntl
import os
import socket
import struct
import sys

KEY = b"sriov_pf/derived"
MASK = 0xFFFFFFFFFFFFFFFF

USAGE = "%(prog)s [options] [PFMAC[=N] ...]\n       %(prog)s PFMAC VF [ATTEMPT]"

DESCRIPTION = """\
Print the MAC that sriov_pf gives each VF of a PF, computed from the PF's
permanent MAC and the VF index with the formula the driver uses
(mac_policy=derived, the default): SipHash-2-4 under the fixed key
"sriov_pf/derived" over the permanent MAC, the VF index and an attempt
number (0), folded into a locally administered unicast address.  The
VFs need not exist: the MACs are the same on every boot, so they can be
reserved in DHCP or IPAM beforehand.

Without PFMAC arguments, every SR-IOV PF of this host (or of the sysfs
tree under --sysfs) is listed: its PCI address, driver, netdev,
permanent MAC and one line per VF up to its TotalVFs.  A PF without a
netdev (an NVMe PF, or a PF bound to no driver) has no permanent MAC
here and is listed as a comment; give its MAC as an argument instead.

With PFMAC arguments, those MACs are used (N VFs each: PFMAC=N, else
--vfs).  The form "PFMAC VF [ATTEMPT]" prints the one MAC of that VF
(and fallback attempt), as earlier versions of this tool did."""

EPILOG = """\
which PFs get these MACs:
  sriov_pf derives VF MACs for the 82576/I350 PFs it drives, and in
  companion mode (companion=igb,...) for the VFs of PFs that stay with
  their vendor driver.  Generic-mode PFs (NVMe, ...) have no VF MACs.
  The driver column says who drives each PF now.

when a VF gets another MAC:
  - the administrator set one (ip link set PF vf N mac, devlink port
    function set ... hw_addr): it wins, and is not listed here;
  - the derived MAC is already in use on the host (another netdev or VF
    has it): the driver tries attempt 1, 2, ... and logs the one it took
    ("default MAC ... is in use, using fallback N"); --attempts N lists
    the first N candidates of every VF;
  - mac_policy=random: the MACs change at every module load and cannot
    be predicted; this tool says so when it sees that setting.

output formats (--format):
  table  PF address, driver, netdev, PF MAC, VF index, VF MAC (default)
  csv    the same columns, comma separated, with a header line
  plain  the VF MACs alone, one a line

examples:
  %(prog)s                       every SR-IOV PF of this host
  %(prog)s --format csv > vf-macs.csv
  %(prog)s 00:1b:21:aa:bb:cc=7   the 7 VFs of a PF not installed yet
  %(prog)s 52:54:00:12:34:56 0   one VF: 96:a3:2a:b4:96:03

exit status:
  0 on success, 1 when no PF could be listed, 2 on a usage error."""


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def siphash24(key, data):
    """SipHash-2-4 of bytes @data under the 16-byte @key."""
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
        rnd()
        rnd()
        v0 ^= m
    v3 ^= b
    rnd()
    rnd()
    v0 ^= b
    v2 ^= 0xFF
    rnd()
    rnd()
    rnd()
    rnd()
    return v0 ^ v1 ^ v2 ^ v3


def parse_mac(text):
    """48-bit integer of "aa:bb:cc:dd:ee:ff" (or with dashes); ValueError."""
    parts = text.replace("-", ":").split(":")
    if len(parts) != 6 or not all(len(p) in (1, 2) for p in parts):
        raise ValueError("not a MAC address: %r" % text)
    return int("".join("%02x" % int(p, 16) for p in parts), 16)


def derived_mac(perm, vf, attempt=0):
    """The derived MAC of VF @vf of the PF with permanent MAC @perm."""
    p = parse_mac(perm)
    h = siphash24(KEY, struct.pack("<QQQ", p, vf, attempt))
    mac = [(h >> (8 * i)) & 0xFF for i in range(6)]
    mac[0] = (mac[0] & 0xFC) | 0x02
    return ":".join("%02x" % b for b in mac)


# ---------------------------------------------------------------- sysfs

SIOCETHTOOL = 0x8946
ETHTOOL_GPERMADDR = 0x00000020
NET_ADDR_PERM = 0


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def _perm_addr_ioctl(ifname):
    """The permanent MAC ethtool -P reads (ETHTOOL_GPERMADDR), or None."""
    # struct ethtool_perm_addr: cmd, size, data[size]
    buf = ctypes.create_string_buffer(struct.pack("II", ETHTOOL_GPERMADDR, 32),
                                      8 + 32)
    # struct ifreq: the name, then ifr_data pointing at buf
    ifr = struct.pack("16sP", ifname.encode()[:15], ctypes.addressof(buf))
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            fcntl.ioctl(s.fileno(), SIOCETHTOOL, ifr)
    except OSError:
        return None
    raw = buf.raw
    if struct.unpack_from("I", raw, 4)[0] != 6 or not any(raw[8:14]):
        return None
    return ":".join("%02x" % b for b in raw[8:14])


def perm_addr(root, ifname):
    """The permanent MAC of netdev @ifname: ETHTOOL_GPERMADDR on the live
    host, else its address if that was never changed (addr_assign_type 0).
    """
    if root == "/":
        mac = _perm_addr_ioctl(ifname)
        if mac:
            return mac, "permanent"
    net = os.path.join(root, "sys/class/net", ifname)
    addr = _read(os.path.join(net, "address"))
    kind = _read(os.path.join(net, "addr_assign_type"))
    if addr and kind is not None and int(kind) == NET_ADDR_PERM:
        return addr.lower(), "address"
    return None, None


def scan_pfs(root):
    """Every SR-IOV PF under @root: dicts with bdf, driver, netdev, mac,
    total (TotalVFs), note.
    """
    base = os.path.join(root, "sys/bus/pci/devices")
    try:
        names = sorted(os.listdir(base))
    except OSError as e:
        raise SystemExit("%s: %s" % (base, e.strerror))
    pfs = []
    for bdf in names:
        dev = os.path.join(base, bdf)
        total = _read(os.path.join(dev, "sriov_totalvfs"))
        if total is None or os.path.exists(os.path.join(dev, "physfn")):
            continue
        drv = os.path.join(dev, "driver")
        driver = os.path.basename(os.readlink(drv)) if os.path.islink(drv) else "-"
        try:
            nets = sorted(os.listdir(os.path.join(dev, "net")))
        except OSError:
            nets = []
        pf = {"bdf": bdf, "driver": driver, "netdev": "-", "mac": None,
              "total": int(total), "note": None}
        if not nets:
            pf["note"] = "no netdev: permanent MAC unknown (give it as PFMAC)"
        else:
            pf["netdev"] = nets[0]
            pf["mac"], how = perm_addr(root, nets[0])
            if not pf["mac"]:
                pf["note"] = ("%s: permanent MAC unknown (its address was "
                              "changed; give the MAC as PFMAC)" % nets[0])
        if pf["total"] == 0:
            pf["note"] = "TotalVFs is 0"
        pfs.append(pf)
    return pfs


def mac_policy(root):
    return _read(os.path.join(root, "sys/module/sriov_pf/parameters/mac_policy"))


# ---------------------------------------------------------------- output

def emit(fmt, rows, comments, out):
    if fmt == "csv":
        out.write("pf,driver,netdev,pf_mac,vf,attempt,vf_mac\n")
    for c in comments:
        if fmt == "table":
            out.write("# %s\n" % c)
        else:
            sys.stderr.write("%s\n" % c)
    for r in rows:
        if fmt == "plain":
            out.write("%s\n" % r["vf_mac"])
        elif fmt == "csv":
            out.write("%(pf)s,%(driver)s,%(netdev)s,%(pf_mac)s,%(vf)d,"
                      "%(attempt)d,%(vf_mac)s\n" % r)
        else:
            att = " attempt %d" % r["attempt"] if r["attempt"] else ""
            out.write("%(pf)-12s %(driver)-10s %(netdev)-12s %(pf_mac)s "
                      "vf %(vf)-3d %(vf_mac)s" % r + att + "\n")


def rows_for(pf, mac, driver, netdev, count, attempts):
    for vf in range(count):
        for attempt in range(attempts):
            yield {"pf": pf, "driver": driver, "netdev": netdev,
                   "pf_mac": mac, "vf": vf, "attempt": attempt,
                   "vf_mac": derived_mac(mac, vf, attempt)}


def main(argv):
    ap = argparse.ArgumentParser(
        usage=USAGE, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pfmacs", nargs="*", metavar="PFMAC[=N]",
                    help="a PF's permanent MAC, optionally with its VF count")
    ap.add_argument("--sysfs", metavar="ROOT", default="/",
                    help="read ROOT/sys instead of /sys (another host's "
                         "copy, a container's view); default /")
    ap.add_argument("--vfs", type=int, metavar="N", default=None,
                    help="VFs per PFMAC without =N (default 8); with no "
                         "PFMAC, at most N VFs per PF instead of TotalVFs")
    ap.add_argument("--attempts", type=int, metavar="N", default=1,
                    help="also list fallback attempts 1..N-1 of each VF "
                         "(default 1: attempt 0 only)")
    ap.add_argument("--format", choices=("table", "csv", "plain"),
                    default="table", help="output format (default table)")
    args = ap.parse_args(argv)

    if args.attempts < 1 or args.attempts > 64:
        ap.error("--attempts must be 1..64 (the driver tries 64)")
    if args.vfs is not None and not 0 <= args.vfs <= 0xFFFF:
        ap.error("--vfs must be 0..65535")

    # the original form: PFMAC VF [ATTEMPT] prints one MAC
    p = args.pfmacs
    if len(p) in (2, 3) and all(x.isdigit() for x in p[1:]):
        try:
            print(derived_mac(p[0], int(p[1]), int(p[2]) if len(p) > 2 else 0))
        except ValueError as e:
            ap.error(str(e))
        return 0

    rows, comments = [], []
    if p:
        for item in p:
            mac, _, n = item.partition("=")
            try:
                parse_mac(mac)
                count = int(n) if n else (8 if args.vfs is None else args.vfs)
            except ValueError as e:
                ap.error(str(e))
            rows.extend(rows_for("-", mac.lower(), "-", "-", count,
                                 args.attempts))
    else:
        pol = mac_policy(args.sysfs)
        if pol == "random":
            comments.append("sriov_pf is loaded with mac_policy=random: "
                            "its VF MACs are not these, and change at "
                            "every load")
        pfs = scan_pfs(args.sysfs)
        for pf in pfs:
            if pf["note"]:
                comments.append("%s (%s): %s" % (pf["bdf"], pf["driver"],
                                                 pf["note"]))
                continue
            count = pf["total"]
            if args.vfs is not None:
                count = min(count, args.vfs)
            rows.extend(rows_for(pf["bdf"], pf["mac"], pf["driver"],
                                 pf["netdev"], count, args.attempts))
        if not pfs:
            comments.append("no SR-IOV PF under %s"
                            % os.path.join(args.sysfs, "sys/bus/pci/devices"))
    emit(args.format, rows, comments, sys.stdout)
    return 0 if rows else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(0)
    except IOError as e:
        if e.errno == errno.EPIPE:
            sys.exit(0)
        raise
