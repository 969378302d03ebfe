package dev.cfg.grpc.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.cfg.grpc.demo.api.products.GetProductRequest;
import dev.cfg.grpc.demo.api.products.Product;
import dev.cfg.grpc.demo.api.products.ProductServiceGrpc;
import dev.cfg.grpc.demo.api.products.SearchProductsRequest;
import dev.cfg.grpc.auth.TokenIssuer;
import dev.cfg.grpc.demo.api.orders.CreateOrderRequest;
import dev.cfg.grpc.demo.api.orders.GetOrderRequest;
import dev.cfg.grpc.demo.api.orders.Order;
import dev.cfg.grpc.demo.api.orders.OrderItem;
import dev.cfg.grpc.demo.api.orders.OrderServiceGrpc;
import dev.cfg.grpc.demo.api.users.GetUserRequest;
import dev.cfg.grpc.demo.api.users.ListUsersRequest;
import dev.cfg.grpc.demo.api.users.UpdateProfileRequest;
import dev.cfg.grpc.demo.api.users.User;
import dev.cfg.grpc.demo.api.users.UserServiceGrpc;
import dev.cfg.grpc.test.GrpcTestClient;
import dev.cfg.grpc.test.RequestLogAssertions;
import dev.cfg.grpc.users.UserStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a client of the demo sees, checked against the database it runs on. Each database has a
 * subclass that points the demo at it.
 */
abstract class DemoQueriesContract {

	@Autowired
	private GrpcTestClient grpc;

	@Autowired
	private RequestLogAssertions log;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TokenIssuer tokens;

	@Autowired
	private UserStore users;

	@Test
	void getUserReturnsTheSeededUser() {
		User user = users().getUser(GetUserRequest.newBuilder().setUserId(1).build());
		assertThat(user.getId()).isEqualTo(1);
		assertThat(user.getUsername()).isEqualTo("admin");
		assertThat(user.getEmail()).isEqualTo("admin@example.com");
		assertThat(user.getBio()).isEqualTo("Runs the demo shop.");
	}

	@Test
	void getUserOfAnUnknownIdIsNotFound() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> users().getUser(GetUserRequest.newBuilder().setUserId(9999).build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
				assertThat(ex.getStatus().getDescription()).isEqualTo("User not found");
			});
		this.log.assertThatRequestLog()
			.hasCall("api.users.UserService/GetUser")
			.withStatus(Status.Code.NOT_FOUND)
			.withErrorMessage("User not found")
			.anonymous();
	}

	@Test
	void getProductReturnsItsFieldsAndUnknownIdsAreNotFound() {
		Product product = products().getProduct(GetProductRequest.newBuilder().setId(2).build());
		assertThat(product.getName()).isEqualTo("The Java Handbook");
		assertThat(product.getCategory()).isEqualTo("books");
		assertThat(product.getPrice()).isEqualTo("12.00");
		assertThat(product.getActive()).isTrue();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> products().getProduct(GetProductRequest.newBuilder().setId(9999).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription()).isEqualTo("Product not found"));
	}

	@Test
	void seedHasAtLeastFiftyProductsInThreeCategories() {
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM demo_product", Integer.class)).isGreaterThanOrEqualTo(50);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(DISTINCT category) FROM demo_product", Integer.class))
			.isGreaterThanOrEqualTo(3);
	}

	@Test
	void searchProductsStreamsOnlyActiveProductsOfTheCategoryUpToMaxPrice() {
		List<Product> found = search("garden", "20");
		List<Long> expected = this.jdbc.queryForList(
				"SELECT id FROM demo_product WHERE active = TRUE AND category = 'garden' AND price <= 20 ORDER BY id",
				Long.class);
		assertThat(expected).hasSizeGreaterThan(2);
		assertThat(found).extracting(Product::getId).containsExactlyElementsOf(expected);
		assertThat(found).allSatisfy((product) -> {
			assertThat(product.getCategory()).isEqualTo("garden");
			assertThat(new BigDecimal(product.getPrice())).isLessThanOrEqualTo(new BigDecimal("20"));
			assertThat(product.getActive()).isTrue();
		});
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM demo_product WHERE active = FALSE AND category = 'garden' AND price <= 20",
				Integer.class))
			.as("the seed has inactive garden products the search must leave out")
			.isPositive();
	}

	@Test
	void searchProductsWithoutFiltersStreamsEveryActiveProduct() {
		assertThat(search("", "")).hasSize(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM demo_product WHERE active = TRUE", Integer.class));
		assertThat(search("no such category", "")).isEmpty();
	}

	@Test
	void searchProductsRejectsAMaxPriceThatIsNotADecimal() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> search("books", "cheap"))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription()).contains("max_price");
			});
	}

	@Test
	void searchProductsRefusesNumbersItCannotHoldAtOnce() {
		for (String price : List.of("9e99999999", "1E+2147483647", "1e999999999", "1E-2147483647", "1" + "0".repeat(5000),
				"0." + "1".repeat(100), "12345678901.5", "19.999", "1.2.3", "-", ".")) {
			long started = System.nanoTime();
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> this.grpc.anonymous()
					.stub(ProductServiceGrpc::newBlockingStub)
					.searchProducts(SearchProductsRequest.newBuilder().setMaxPrice(price).build())
					.hasNext())
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).as(price).isEqualTo(Status.Code.INVALID_ARGUMENT);
					assertThat(ex.getStatus().getDescription()).as(price)
						.startsWith("max_price must be a decimal number with at most 10 digits before the point and 2 after it");
				});
			assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as(price)
				.isLessThan(java.time.Duration.ofSeconds(20));
		}
		assertThat(search("books", "9999999999.99")).isNotEmpty();
		assertThat(search("books", "+15")).allSatisfy(
				(product) -> assertThat(new BigDecimal(product.getPrice())).isLessThanOrEqualTo(new BigDecimal("15")));
	}

	@Test
	void createOrderRefusesQuantitiesAndItemCountsOutOfBounds() {
		CreateOrderRequest huge = CreateOrderRequest.newBuilder()
			.addItems(OrderItem.newBuilder().setProductId(2).setQuantity(1))
			.addItems(OrderItem.newBuilder().setProductId(3).setQuantity(Integer.MAX_VALUE))
			.build();
		assertStatus(() -> orders("alice").createOrder(huge), Status.Code.INVALID_ARGUMENT,
				"Invalid request: items[1].quantity: must be greater than or equal to 1 and less than or equal to 10000");
		CreateOrderRequest.Builder many = CreateOrderRequest.newBuilder();
		for (int i = 0; i < 20_000; i++) {
			many.addItems(OrderItem.newBuilder().setProductId(2).setQuantity(1));
		}
		assertStatus(() -> orders("alice").createOrder(many.build()), Status.Code.INVALID_ARGUMENT,
				"Invalid request: items: must contain no more than 100 item(s)");
	}

	@Test
	void updateProfileNeedsATokenAndStoresTheCallersBio() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> users().updateProfile(UpdateProfileRequest.newBuilder().setBio("x").build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(ex.getStatus().getDescription()).isEqualTo("Authentication required");
			});
		String bio = "Reads about gRPC " + System.nanoTime();
		User alice = this.grpc.asUser("alice").stub(UserServiceGrpc::newBlockingStub)
			.updateProfile(UpdateProfileRequest.newBuilder().setBio(bio).build());
		assertThat(alice.getUsername()).isEqualTo("alice");
		assertThat(alice.getBio()).isEqualTo(bio);
		assertThat(this.jdbc.queryForObject(
				"SELECT bio FROM demo_profile p JOIN cfg_user u ON u.id = p.user_id WHERE u.username = 'alice'",
				String.class))
			.isEqualTo(bio);
	}

	@Test
	void theProtosRulesCheckTheContactEmailAndThePageSize() {
		UserServiceGrpc.UserServiceBlockingStub alice = this.grpc.asUser("alice").stub(UserServiceGrpc::newBlockingStub);
		assertStatus(() -> alice.updateProfile(UpdateProfileRequest.newBuilder().setContactEmail("alice at home").build()),
				Status.Code.INVALID_ARGUMENT, "Invalid request: contact_email: must be a valid email address");
		assertStatus(() -> alice.updateProfile(UpdateProfileRequest.newBuilder().setBio("x".repeat(2001)).build()),
				Status.Code.INVALID_ARGUMENT, "Invalid request: bio: must be at most 2000 characters");
		assertThat(alice.updateProfile(UpdateProfileRequest.newBuilder().setContactEmail("alice@example.org").build())
			.getContactEmail()).isEqualTo("alice@example.org");
		assertThat(alice.updateProfile(UpdateProfileRequest.getDefaultInstance()).getContactEmail())
			.as("empty means none: the rule ignores the zero value")
			.isEmpty();

		List<Product> one = new java.util.ArrayList<>();
		products().searchProducts(SearchProductsRequest.newBuilder().setPageSize(1).build()).forEachRemaining(one::add);
		assertThat(one).hasSize(1);
		assertStatus(() -> products().searchProducts(SearchProductsRequest.newBuilder().setPageSize(101).build()).hasNext(),
				Status.Code.INVALID_ARGUMENT,
				"Invalid request: page_size: must be greater than or equal to 0 and less than or equal to 100");
	}

	@Test
	void aRefreshTokenIsNotAnAccessToken() {
		String refresh = this.tokens.tokens(id("alice")).refresh();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> this.grpc.withToken(refresh)
				.stub(UserServiceGrpc::newBlockingStub)
				.updateProfile(UpdateProfileRequest.newBuilder().setBio("x").build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription())
				.isEqualTo("Invalid or expired authentication token"));
	}

	@Test
	void ordersNeedThePermissionAndAreVisibleToOwnerAndStaffOnly() {
		CreateOrderRequest request = CreateOrderRequest.newBuilder()
			.addItems(OrderItem.newBuilder().setProductId(2).setQuantity(3))
			.addItems(OrderItem.newBuilder().setProductId(41).setQuantity(1))
			.build();
		assertStatus(() -> orders("bob").createOrder(request), Status.Code.PERMISSION_DENIED,
				"Permission 'orders.add_order' required");
		this.log.assertThatRequestLog()
			.hasCall("api.orders.OrderService/CreateOrder")
			.withStatus(Status.Code.PERMISSION_DENIED)
			.byUser("bob");
		Order order = orders("alice").createOrder(request);
		assertThat(order.getUserId()).isEqualTo(Long.parseLong(id("alice")));
		assertThat(order.getItemsList()).hasSize(2);
		assertThat(new BigDecimal(order.getTotal())).isEqualByComparingTo(this.jdbc.queryForObject(
				"SELECT 3 * (SELECT price FROM demo_product WHERE id = 2) + (SELECT price FROM demo_product WHERE id = 41)",
				BigDecimal.class));
		assertThat(order.getStatus()).isEqualTo("created");

		GetOrderRequest get = GetOrderRequest.newBuilder().setId(order.getId()).build();
		assertThat(orders("alice").getOrder(get)).isEqualTo(order);
		assertThat(orders("admin").getOrder(get)).isEqualTo(order);
		// Another user's order is answered as if it did not exist.
		assertStatus(() -> orders("bob").getOrder(get), Status.Code.NOT_FOUND, "Order not found");
		assertStatus(() -> orders("alice").getOrder(GetOrderRequest.newBuilder().setId(987654).build()),
				Status.Code.NOT_FOUND, "Order not found");
	}

	@Test
	void badOrdersAreRefusedAndStoreNothing() {
		int before = this.jdbc.queryForObject("SELECT COUNT(*) FROM demo_order", Integer.class);
		assertStatus(() -> orders("alice").createOrder(CreateOrderRequest.newBuilder()
			.addItems(OrderItem.newBuilder().setProductId(2).setQuantity(0))
			.build()), Status.Code.INVALID_ARGUMENT, null);
		assertStatus(() -> orders("alice").createOrder(CreateOrderRequest.newBuilder()
			.addItems(OrderItem.newBuilder().setProductId(2).setQuantity(1))
			.addItems(OrderItem.newBuilder().setProductId(424242).setQuantity(1))
			.build()), Status.Code.NOT_FOUND, "Product 424242 not found");
		// Product 7 is in the seed but not for sale: GetProduct says so, and ordering it says why it fails.
		assertThat(products()
			.getProduct(GetProductRequest.newBuilder().setId(7).build())
			.getActive()).isFalse();
		assertStatus(() -> orders("alice").createOrder(CreateOrderRequest.newBuilder()
			.addItems(OrderItem.newBuilder().setProductId(7).setQuantity(1))
			.build()), Status.Code.FAILED_PRECONDITION, "Product 7 is not for sale (active: false)");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM demo_order", Integer.class)).isEqualTo(before);
		assertStatus(() -> this.grpc.anonymous()
			.stub(OrderServiceGrpc::newBlockingStub)
			.getOrder(GetOrderRequest.newBuilder().setId(1).build()), Status.Code.UNAUTHENTICATED,
				"Authentication required");
	}

	@Test
	void listUsersIsForStaffOnly() {
		List<User> all = new ArrayList<>();
		this.grpc.asUser("admin")
			.stub(UserServiceGrpc::newBlockingStub)
			.listUsers(ListUsersRequest.getDefaultInstance())
			.forEachRemaining(all::add);
		assertThat(all).extracting(User::getUsername).contains("admin", "alice", "bob");
		assertStatus(() -> this.grpc.asUser("alice")
			.stub(UserServiceGrpc::newBlockingStub)
			.listUsers(ListUsersRequest.getDefaultInstance())
			.next(), Status.Code.PERMISSION_DENIED, "Staff access required");
	}

	private OrderServiceGrpc.OrderServiceBlockingStub orders(String username) {
		return this.grpc.asUser(username).stub(OrderServiceGrpc::newBlockingStub);
	}

	private String id(String username) {
		return String.valueOf(this.users.findByUsername(username).orElseThrow().getId());
	}

	private static void assertStatus(Runnable call, Status.Code code, String message) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(code);
			if (message != null) {
				assertThat(ex.getStatus().getDescription()).isEqualTo(message);
			}
		});
	}

	private List<Product> search(String category, String maxPrice) {
		List<Product> found = new ArrayList<>();
		products().searchProducts(
				SearchProductsRequest.newBuilder().setCategory(category).setMaxPrice(maxPrice).build())
			.forEachRemaining(found::add);
		return found;
	}

	private UserServiceGrpc.UserServiceBlockingStub users() {
		return this.grpc.anonymous().stub(UserServiceGrpc::newBlockingStub);
	}

	private ProductServiceGrpc.ProductServiceBlockingStub products() {
		return this.grpc.anonymous().stub(ProductServiceGrpc::newBlockingStub);
	}

}
