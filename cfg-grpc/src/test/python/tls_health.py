"""Calls grpc.health.v1.Health/Check over TLS with Debian's python3-grpcio, without generated code.

Usage: tls_health.py HOST:PORT CA_PEM [CLIENT_CERT_PEM CLIENT_KEY_PEM]
Prints "SERVING" (or the status number) on success, "ERROR <code>" on failure.
"""
import sys

import grpc


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    target, ca = sys.argv[1], sys.argv[2]
    chain = key = None
    if len(sys.argv) > 4:
        chain, key = read(sys.argv[3]), read(sys.argv[4])
    credentials = grpc.ssl_channel_credentials(root_certificates=read(ca), private_key=key, certificate_chain=chain)
    with grpc.secure_channel(target, credentials) as channel:
        check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                    request_serializer=lambda request: request,
                                    response_deserializer=lambda response: response)
        try:
            # An empty HealthCheckRequest (the server as a whole); the answer is field 1, a varint.
            answer = check(b"", timeout=20)
        except grpc.RpcError as error:
            print("ERROR " + error.code().name)
            return
        print("SERVING" if answer == b"\x08\x01" else "STATUS " + answer.hex())


if __name__ == "__main__":
    main()
