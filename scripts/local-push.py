#!/usr/bin/env python3
"""Push an image to ECR the way `docker push` ends, with boto3 (any AWS client would do): PutImage
with an OCI image manifest. For local mode (hm local up): run it with .venv/moto/bin/python, in a
shell that has local mode's `export` line (AWS_ENDPOINT_URL, region, credentials).

Usage: .venv/moto/bin/python scripts/local-push.py REPOSITORY TAG [--content SEED]

The image's content (its layer) comes from SEED (default: the tag), so each new tag is a new image
(a new digest) and `--content` of an earlier tag adds a tag to that image instead. moto derives a
digest from the layers' digests, not from the manifest; the digest is passed explicitly, computed
as ECR does (sha256 of the manifest), so it is the same on any emulator. Prints the digest.
"""
import argparse
import hashlib
import json
import sys

import boto3

MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repository")
    parser.add_argument("tag")
    parser.add_argument("--content", help="what the image is made of (default: the tag)")
    args = parser.parse_args()
    seed = args.content or args.tag
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
                   "digest": "sha256:" + sha256(args.repository + seed + "config")},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654,
                    "digest": "sha256:" + sha256(args.repository + seed + "layer")}],
    }, separators=(",", ":"))
    digest = "sha256:" + sha256(manifest)
    ecr = boto3.client("ecr")
    try:
        ecr.put_image(repositoryName=args.repository, imageManifest=manifest, imageManifestMediaType=MANIFEST_TYPE,
                      imageTag=args.tag, imageDigest=digest)
    except ecr.exceptions.ImageAlreadyExistsException:
        print(f"{args.repository}:{args.tag} is that image already", file=sys.stderr)
    except ecr.exceptions.RepositoryNotFoundException:
        sys.exit(f"local-push.py: no repository {args.repository}: is it in the manifest local mode runs?")
    print(digest)


if __name__ == "__main__":
    main()
