package dev.cfg.grpc.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A permission, named {@code app.codename} as in Django, for example {@code orders.add_order}. */
@Entity
@Table(name = "cfg_permission")
public class Permission {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String codename;

	protected Permission() {
	}

	Permission(String codename) {
		this.codename = codename;
	}

	/**
	 * The permission's name.
	 * @return for example {@code orders.add_order}
	 */
	public String getCodename() {
		return this.codename;
	}

}
