// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_hold - hold a PCI device through vfio the way a VMM does, so that
 * removing it has to wait for this process.
 *
 * Opens the device's IOMMU group, attaches it to a type1 container and
 * takes the device file descriptor (VFIO_GROUP_GET_DEVICE_FD).  Prints
 * "holding <BDF>" once it holds it, then waits until it is killed; the
 * kernel releases the device when the process exits.  The device must
 * already be bound to vfio-pci.  Plain C, libc and the kernel UAPI only.
 *
 * usage: vfio_hold BDF        (e.g. 0000:01:10.0)
 * exit:  1 usage or vfio error (the reason on stderr)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vfio.h>

static int die(const char *what)
{
	fprintf(stderr, "vfio_hold: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char link[PATH_MAX], target[PATH_MAX], path[PATH_MAX + 16];
	const char *group;
	int container, grp, dev;
	ssize_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: vfio_hold BDF\n");
		return 1;
	}

	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/iommu_group",
		 argv[1]);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return die(link);
	target[n] = '\0';
	group = strrchr(target, '/');
	group = group ? group + 1 : target;
	snprintf(path, sizeof(path), "/dev/vfio/%s", group);

	container = open("/dev/vfio/vfio", O_RDWR);
	if (container < 0)
		return die("/dev/vfio/vfio");
	if (ioctl(container, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
		errno = EPROTO;
		return die("VFIO_GET_API_VERSION");
	}
	grp = open(path, O_RDWR);
	if (grp < 0)
		return die(path);
	if (ioctl(grp, VFIO_GROUP_GET_STATUS, &status))
		return die("VFIO_GROUP_GET_STATUS");
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		errno = EBUSY;
		return die("group not viable (a device of the group is not bound to vfio)");
	}
	if (ioctl(grp, VFIO_GROUP_SET_CONTAINER, &container))
		return die("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		return die("VFIO_SET_IOMMU (unsafe interrupts not allowed?)");
	dev = ioctl(grp, VFIO_GROUP_GET_DEVICE_FD, argv[1]);
	if (dev < 0)
		return die("VFIO_GROUP_GET_DEVICE_FD");

	printf("holding %s\n", argv[1]);
	fflush(stdout);
	for (;;)
		pause();
}
