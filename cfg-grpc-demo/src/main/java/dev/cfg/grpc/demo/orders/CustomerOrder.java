package dev.cfg.grpc.demo.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/** An order placed by a user. */
@Entity
@Table(name = "demo_order")
public class CustomerOrder {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "user_id", nullable = false)
	private Long userId;

	@Column(nullable = false)
	private String status;

	@Column(nullable = false, precision = 12, scale = 2)
	private BigDecimal total;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
	@OrderBy("id")
	private List<OrderLine> lines = new ArrayList<>();

	protected CustomerOrder() {
	}

	CustomerOrder(Long userId, Instant createdAt) {
		this.userId = userId;
		this.status = "created";
		this.total = BigDecimal.ZERO;
		this.createdAt = createdAt;
	}

	void add(Long productId, int quantity, BigDecimal unitPrice) {
		this.lines.add(new OrderLine(this, productId, quantity, unitPrice));
		this.total = this.total.add(unitPrice.multiply(BigDecimal.valueOf(quantity)));
	}

	public Long getId() {
		return this.id;
	}

	public Long getUserId() {
		return this.userId;
	}

	public String getStatus() {
		return this.status;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public List<OrderLine> getLines() {
		return this.lines;
	}

}
