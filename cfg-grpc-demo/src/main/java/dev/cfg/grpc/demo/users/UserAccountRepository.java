package dev.cfg.grpc.demo.users;

import org.springframework.data.jpa.repository.JpaRepository;

/** Users of the demo. */
public interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

}
