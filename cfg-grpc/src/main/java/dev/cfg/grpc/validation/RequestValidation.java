package dev.cfg.grpc.validation;

import java.util.ArrayList;
import java.util.List;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import build.buf.validate.Violation;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.cfg.grpc.errors.StatusDetails;
import dev.cfg.grpc.pipeline.Refusal;
import dev.cfg.grpc.pipeline.RequestIds;

/**
 * The validation stage: each request message is checked against its {@code buf.validate} rules
 * before it reaches the next stage; the first one that breaks a rule refuses the call with
 * INVALID_ARGUMENT "Invalid request: items[0].quantity: value must be greater than 0" and a
 * {@code google.rpc.BadRequest} of every violation, and the service hears nothing more of the
 * call. Messages without rules cost a lookup of their (cached) evaluator.
 */
final class RequestValidation implements ServerInterceptor {

	private static final Log logger = LogFactory.getLog(RequestValidation.class);

	private final Validator validator;

	RequestValidation(Validator validator) {
		this.validator = validator;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {

			@Override
			public void onMessage(ReqT message) {
				StatusRuntimeException invalid = check(message);
				if (invalid != null) {
					// The observe stage closes the call; the service hears nothing more of it.
					throw invalid;
				}
				super.onMessage(message);
			}

		};
	}

	/** The status that refuses the message, or null when it keeps every rule. */
	private StatusRuntimeException check(Object message) {
		if (!(message instanceof Message request)) {
			return null;
		}
		ValidationResult result;
		try {
			result = this.validator.validate(request);
		}
		catch (ValidationException ex) {
			// A rule that fails to evaluate is the server's fault, not the client's.
			String requestId = RequestIds.current().orElse("-");
			logger.error("A buf.validate rule of " + request.getDescriptorForType().getFullName()
					+ " could not be evaluated in call " + requestId + ": " + ex.getMessage());
			return Refusal.internal(requestId);
		}
		if (result.isSuccess()) {
			return null;
		}
		List<BadRequest.FieldViolation> violations = new ArrayList<>();
		for (build.buf.protovalidate.Violation violation : result.getViolations()) {
			Violation proto = violation.toProto();
			String field = path(proto.getField());
			violations.add(StatusDetails.violation(field.isEmpty() ? proto.getRuleId() : field,
					proto.getMessage().isEmpty() ? proto.getRuleId() : proto.getMessage()));
		}
		return StatusDetails.badRequest(violations);
	}

	/** The field as a client spells it: {@code items[0].quantity}, {@code labels["env"]}. */
	static String path(FieldPath path) {
		StringBuilder text = new StringBuilder();
		for (FieldPathElement element : path.getElementsList()) {
			text.append((text.length() > 0) ? "." : "").append(element.getFieldName());
			switch (element.getSubscriptCase()) {
				case INDEX -> text.append('[').append(element.getIndex()).append(']');
				case BOOL_KEY -> text.append('[').append(element.getBoolKey()).append(']');
				case INT_KEY -> text.append('[').append(element.getIntKey()).append(']');
				case UINT_KEY -> text.append('[').append(Long.toUnsignedString(element.getUintKey())).append(']');
				case STRING_KEY -> text.append("[\"").append(element.getStringKey()).append("\"]");
				default -> {
				}
			}
		}
		return text.toString();
	}

}
