# The container image of classroom-conformance, for those who build with Docker. `make image`
# builds the same image without a container daemon (tools/image); a test there keeps the two in
# agreement on the user, entrypoint, command, environment and labels.
#
#   docker build $(cd tools/image && go run . -build-args) -t classroom-conformance .
#
# The build arguments stamp the binary and fill the version labels as `make image` does; without
# them the image works the same and says less about itself.
#   docker run --rm classroom-conformance              # replays the shipped cassettes
#   docker run --rm -v "$PWD:/work" -w /work classroom-conformance run --profile profile.yaml

FROM golang:1.24 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG REVISION=""
ARG MODIFIED=false
# A static binary, stripped, stamped with the revision as the Makefile stamps it.
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/classroom-conformance/classroom-conformance/version.revision=${REVISION} -X github.com/classroom-conformance/classroom-conformance/version.modified=${MODIFIED}" \
      -o /rootfs/usr/local/bin/classroom-conformance ./cmd/classroom-conformance \
 && mkdir -p /rootfs/etc/ssl/certs /rootfs/home/nonroot /rootfs/tmp \
 && cp tools/image/rootfs/etc/passwd tools/image/rootfs/etc/group /rootfs/etc/ \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ca-certificates.crt \
 && cp -r cassettes /rootfs/cassettes \
 && chown 65532:65532 /rootfs/home/nonroot && chmod 1777 /rootfs/tmp

FROM scratch
COPY --from=build /rootfs/ /
ARG VERSION="(devel)"
ARG REVISION=""
ARG SUITE_VERSION=""
ARG DISCOVERY_REVISION="20261028"
LABEL org.opencontainers.image.title="classroom-conformance" \
      org.opencontainers.image.description="Conformance suite, record/replay proxy and reference emulator for the Google Classroom API v1" \
      org.opencontainers.image.source="https://github.com/classroom-conformance/classroom-conformance" \
      org.opencontainers.image.url="https://github.com/classroom-conformance/classroom-conformance" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      io.github.classroom-conformance.suite-version="${SUITE_VERSION}" \
      io.github.classroom-conformance.discovery-revision="${DISCOVERY_REVISION}"
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["/usr/local/bin/classroom-conformance"]
CMD ["run", "--replay", "/cassettes"]
