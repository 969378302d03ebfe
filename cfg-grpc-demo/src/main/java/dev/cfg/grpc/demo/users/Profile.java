package dev.cfg.grpc.demo.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The public profile the demo keeps beside each cfg-grpc user. */
@Entity
@Table(name = "demo_profile")
public class Profile {

	@Id
	@Column(name = "user_id")
	private Long userId;

	@Column(nullable = false)
	private String bio = "";

	@Column(name = "contact_email", nullable = false)
	private String contactEmail = "";

	protected Profile() {
	}

	public Profile(Long userId) {
		this.userId = userId;
	}

	public Long getUserId() {
		return this.userId;
	}

	public String getBio() {
		return this.bio;
	}

	public void setBio(String bio) {
		this.bio = bio;
	}

	public String getContactEmail() {
		return this.contactEmail;
	}

	public void setContactEmail(String contactEmail) {
		this.contactEmail = contactEmail;
	}

}
