package dev.cfg.grpc.demo.orders;

import java.time.Clock;

import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.cfg.grpc.auth.CallPrincipal;
import dev.cfg.grpc.demo.api.orders.CreateOrderRequest;
import dev.cfg.grpc.demo.api.orders.GetOrderRequest;
import dev.cfg.grpc.demo.api.orders.Order;
import dev.cfg.grpc.demo.api.orders.OrderItem;
import dev.cfg.grpc.demo.api.orders.OrderServiceGrpc;
import dev.cfg.grpc.demo.products.CatalogProduct;
import dev.cfg.grpc.demo.products.ProductRepository;
import dev.cfg.grpc.service.AuthRequiredService;

/** {@code api.orders.OrderService}: every method needs a signed-in caller. */
@Service
public class OrderGrpcService extends AuthRequiredService implements OrderServiceGrpc.AsyncService {

	// What a client may ask for is bounded by the request's rules (orders.proto), so an order's work
	// stays bounded. A total that still outgrows its NUMERIC(12, 2) column is refused by the
	// database and answered INVALID_ARGUMENT.

	private final OrderRepository orders;

	private final ProductRepository products;

	private final Clock clock = Clock.systemUTC();

	public OrderGrpcService(OrderRepository orders, ProductRepository products) {
		this.orders = orders;
		this.products = products;
	}

	@Override
	@Transactional
	public void createOrder(CreateOrderRequest request, StreamObserver<Order> responseObserver) {
		// One to 100 items, quantities 1 to 10,000: the request's buf.validate rules (orders.proto).
		CallPrincipal caller = requirePermission("orders.add_order");
		CustomerOrder order = new CustomerOrder(Long.parseLong(caller.id()), this.clock.instant());
		for (OrderItem item : request.getItemsList()) {
			CatalogProduct product = this.products.findById(item.getProductId())
				.orElseThrow(() -> abortNotFound("Product " + item.getProductId() + " not found"));
			// GetProduct shows an inactive product (active: false); ordering one says why it fails.
			if (!product.isActive()) {
				throw abort(io.grpc.Status.Code.FAILED_PRECONDITION,
						"Product " + item.getProductId() + " is not for sale (active: false)");
			}
			order.add(product.getId(), item.getQuantity(), product.getPrice());
		}
		responseObserver.onNext(toMessage(this.orders.save(order)));
		responseObserver.onCompleted();
	}

	@Override
	@Transactional(readOnly = true)
	public void getOrder(GetOrderRequest request, StreamObserver<Order> responseObserver) {
		CallPrincipal caller = currentUser();
		CustomerOrder order = this.orders.findById(request.getId()).orElseThrow(() -> abortNotFound("Order not found"));
		if (!order.getUserId().toString().equals(caller.id()) && !caller.staff()) {
			// The same answer as for an order that does not exist: ids reveal nothing of other users.
			throw abortNotFound("Order not found");
		}
		responseObserver.onNext(toMessage(order));
		responseObserver.onCompleted();
	}

	private static Order toMessage(CustomerOrder order) {
		Order.Builder message = Order.newBuilder()
			.setId(order.getId())
			.setUserId(order.getUserId())
			.setTotal(order.getTotal().setScale(2).toPlainString())
			.setStatus(order.getStatus());
		order.getLines()
			.forEach((line) -> message
				.addItems(OrderItem.newBuilder().setProductId(line.getProductId()).setQuantity(line.getQuantity())));
		return message.build();
	}

}
