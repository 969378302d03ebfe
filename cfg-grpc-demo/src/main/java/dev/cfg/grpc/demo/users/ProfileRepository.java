package dev.cfg.grpc.demo.users;

import org.springframework.data.jpa.repository.JpaRepository;

/** Profiles, by user id. */
public interface ProfileRepository extends JpaRepository<Profile, Long> {

}
