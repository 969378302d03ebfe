"""Calls the running demo from Python with Debian's grpcio, with tokens Python mints itself.

Usage: /usr/bin/python3 call_demo.py HOST:PORT PROTO_DIR SECRET_KEY INCLUDE_DIR

INCLUDE_DIR holds the protos the demo's import (buf/validate/validate.proto).

The tokens are HS256 JWTs in the format of Django REST framework simplejwt, made here with
hmac and hashlib only: a Python service that shares the secret can sign in to a cfg-grpc server.
Prints one line per check and a closing "N passed, N failed" line; exits 1 if any failed.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import tempfile
import time
import uuid

import grpc
from grpc_tools import protoc


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint(secret, user_id, token_type="access", lifetime=300):
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {"token_type": token_type, "exp": now + lifetime, "iat": now,
               "jti": uuid.uuid4().hex, "user_id": user_id}
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(payload, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def stubs(proto_dir, include_dir):
    out = tempfile.mkdtemp(prefix="cfg-grpc-python-")
    files = [os.path.join(root, name) for directory in (proto_dir, include_dir)
             for root, _, names in os.walk(directory) for name in names if name.endswith(".proto")]
    includes = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    code = protoc.main(["grpc_tools.protoc", "-I" + proto_dir, "-I" + include_dir, "-I" + includes,
                        "--python_out=" + out, "--grpc_python_out=" + out] + files)
    if code != 0:
        raise SystemExit("protoc failed with code %d" % code)
    sys.path.insert(0, out)


def wire_fields(data):
    """The fields of a protobuf message as (number, value) pairs: varints as ints, the rest as bytes.

    Debian's python3-protobuf has no google.rpc types, and its protoc is too old for today's
    error_details.proto, so the two small messages read here are read from the wire.
    """
    fields, i = [], 0

    def varint():
        nonlocal i
        shift = result = 0
        while True:
            byte = data[i]
            i += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    while i < len(data):
        key = varint()
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            fields.append((number, varint()))
        elif wire_type == 2:
            length = varint()
            fields.append((number, data[i:i + length]))
            i += length
        else:
            raise ValueError("unexpected wire type %d" % wire_type)
    return fields


def bad_request_fields(error):
    """The (field, description) pairs of the google.rpc.BadRequest in a status's trailers."""
    trailer = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    if trailer is None:
        return []
    violations = []
    for number, detail in wire_fields(trailer):
        if number != 3:  # google.rpc.Status.details, each a google.protobuf.Any
            continue
        any_fields = dict(wire_fields(detail))
        if not any_fields.get(1, b"").decode().endswith("/google.rpc.BadRequest"):
            continue
        for violation_number, violation in wire_fields(any_fields.get(2, b"")):
            if violation_number == 1:  # BadRequest.field_violations
                parts = dict(wire_fields(violation))
                violations.append((parts.get(1, b"").decode(), parts.get(2, b"").decode()))
    return violations


def main():
    target, proto_dir, secret, include_dir = sys.argv[1:5]
    stubs(proto_dir, include_dir)
    from api.users import users_pb2, users_pb2_grpc
    from api.orders import orders_pb2, orders_pb2_grpc

    channel = grpc.insecure_channel(target)
    users = users_pb2_grpc.UserServiceStub(channel)
    orders = orders_pb2_grpc.OrderServiceStub(channel)
    results = []

    def check(name, condition, detail=""):
        results.append(condition)
        print(("PASS " if condition else "FAIL ") + name + ("" if condition else ": " + detail))

    def status_of(call):
        try:
            call()
            return grpc.StatusCode.OK, ""
        except grpc.RpcError as error:
            return error.code(), error.details()

    alice = [("authorization", "Bearer " + mint(secret, 2))]
    bob = [("authorization", "Bearer " + mint(secret, 3))]

    code, details = status_of(lambda: users.UpdateProfile(users_pb2.UpdateProfileRequest(bio="x")))
    check("UpdateProfile without a token is UNAUTHENTICATED",
          code == grpc.StatusCode.UNAUTHENTICATED and details == "Authentication required",
          "%s %s" % (code, details))

    bio = "Written from Python " + uuid.uuid4().hex[:8]
    user = users.UpdateProfile(users_pb2.UpdateProfileRequest(bio=bio), metadata=alice)
    check("UpdateProfile with a Python-minted token updates alice", user.username == "alice" and user.bio == bio,
          str(user))
    check("GetUser sees the new bio", users.GetUser(users_pb2.GetUserRequest(user_id=2)).bio == bio)

    item = orders_pb2.OrderItem(product_id=2, quantity=1)
    code, details = status_of(lambda: orders.CreateOrder(orders_pb2.CreateOrderRequest(items=[item]), metadata=bob))
    check("bob may not CreateOrder", code == grpc.StatusCode.PERMISSION_DENIED, "%s %s" % (code, details))
    order = orders.CreateOrder(orders_pb2.CreateOrderRequest(items=[item]), metadata=alice)
    check("alice's CreateOrder is stored", order.id > 0 and order.user_id == 2, str(order))

    zero = orders_pb2.OrderItem(product_id=2, quantity=0)
    try:
        orders.CreateOrder(orders_pb2.CreateOrderRequest(items=[zero]), metadata=alice)
        refused = None
    except grpc.RpcError as error:
        refused = error
    check("an order of quantity 0 is INVALID_ARGUMENT naming items[0].quantity, with BadRequest details",
          refused is not None and refused.code() == grpc.StatusCode.INVALID_ARGUMENT
          and "items[0].quantity" in refused.details()
          and bad_request_fields(refused) == [
              ("items[0].quantity", "must be greater than or equal to 1 and less than or equal to 10000")],
          "no error" if refused is None else "%s %s %s" % (refused.code(), refused.details(),
                                                           bad_request_fields(refused)))

    refresh = [("authorization", "Bearer " + mint(secret, 2, token_type="refresh"))]
    code, details = status_of(lambda: users.UpdateProfile(users_pb2.UpdateProfileRequest(bio="y"), metadata=refresh))
    check("a refresh token is refused", code == grpc.StatusCode.UNAUTHENTICATED, "%s %s" % (code, details))

    wrong_key = [("authorization", "Bearer " + mint(secret + "-wrong", 2))]
    code, details = status_of(lambda: users.UpdateProfile(users_pb2.UpdateProfileRequest(bio="y"), metadata=wrong_key))
    check("a token signed with another key is refused",
          code == grpc.StatusCode.UNAUTHENTICATED and details == "Invalid or expired authentication token",
          "%s %s" % (code, details))

    # A W3C trace context made by hand, as any client (or a proxy) sends it: the demo continues it.
    trace_id = uuid.uuid4().hex
    traceparent = [("traceparent", "00-%s-%s-01" % (trace_id, uuid.uuid4().hex[:16]))]
    _, call = users.GetUser.with_call(users_pb2.GetUserRequest(user_id=1), metadata=traceparent)
    request_id = dict(call.trailing_metadata() or ()).get("x-request-id")
    check("a call with a traceparent gets its request id", request_id is not None)
    print("TRACED %s %s" % (request_id, trace_id))

    passed = sum(1 for r in results if r)
    failed = len(results) - passed
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
