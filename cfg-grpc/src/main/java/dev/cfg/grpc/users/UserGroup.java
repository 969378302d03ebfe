package dev.cfg.grpc.users;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/** A group of users; its members hold its permissions. */
@Entity
@Table(name = "cfg_group")
public class UserGroup {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String name;

	@ManyToMany
	@JoinTable(name = "cfg_group_permissions", joinColumns = @JoinColumn(name = "group_id"),
			inverseJoinColumns = @JoinColumn(name = "permission_id"))
	private Set<Permission> permissions = new HashSet<>();

	protected UserGroup() {
	}

	UserGroup(String name) {
		this.name = name;
	}

	/**
	 * The group's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	Set<Permission> permissions() {
		return this.permissions;
	}

}
